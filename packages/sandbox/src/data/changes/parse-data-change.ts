import { SandboxParamError } from "../sandbox-param-error.js";
import type { DataChange, DataChangeDataset } from "./data-change.js";
import type { JsonObject } from "./json-value.js";

const DATASETS: readonly DataChangeDataset[] = [
  "measures",
  "activity",
  "intraday",
  "workouts",
  "sleep",
  "ecg",
  "devices",
  "goals",
];

/**
 * Checks untrusted input (a parsed JSON request body) and returns it as a
 * {@link DataChange}; anything else is a {@link SandboxParamError}. The record's fields are
 * checked later, by `apply()`, against the dataset they go into.
 *
 * @example
 * ```ts
 * const change = parseDataChange(JSON.parse(body));
 * const hints = sandbox.userData(userid).apply(change, clock.now());
 * ```
 */
export function parseDataChange(value: unknown): DataChange {
  if (!isObject(value)) throw new SandboxParamError("a data change must be a JSON object");
  const { op, dataset, id, record } = value as Record<string, unknown>;
  if (typeof dataset !== "string" || !(DATASETS as readonly string[]).includes(dataset)) {
    throw new SandboxParamError(`dataset must be one of ${DATASETS.join(", ")}`);
  }
  const ds = dataset as DataChangeDataset;
  if (id !== undefined && typeof id !== "number" && typeof id !== "string") {
    throw new SandboxParamError("id must be a number or a string");
  }
  if (ds !== "goals" && op !== "add" && id === undefined) {
    throw new SandboxParamError(`${op} on ${ds} needs an id`);
  }
  const withId = id === undefined ? {} : { id };
  switch (op) {
    case "add":
      return { op, dataset: ds, record: requireRecord(record) };
    case "edit":
      return { op, dataset: ds, ...withId, record: requireRecord(record) };
    case "delete":
      return { op, dataset: ds, ...withId };
    default:
      throw new SandboxParamError("op must be add, edit or delete");
  }
}

function requireRecord(record: unknown): JsonObject {
  if (!isObject(record)) throw new SandboxParamError("record must be a JSON object");
  return record as JsonObject;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
