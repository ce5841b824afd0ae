import type { EndpointKey, EndpointSpec, ParamFormat } from "../endpoints.js";
import { endpoints } from "../endpoints.js";
import { WithingsArgumentError } from "../errors/withings-argument-error.js";

const YMD = /^\d{4}-\d{2}-\d{2}$/;
// Epoch seconds stay below this until the year 5138; anything larger is almost surely
// milliseconds, the most common date bug against this API (reference §0 "Time").
const MAX_EPOCH_SECONDS = 1e11;

/**
 * Turns typed parameters into the form fields of one action, per the endpoint table: dates
 * to epoch seconds or `YYYY-MM-DD`, lists comma-joined. Unknown, missing or malformed
 * parameters and forbidden combinations (quirk Q5) throw {@link WithingsArgumentError}
 * before anything is sent.
 *
 * @example
 * ```ts
 * encodeParams("measure.getactivity", { startdateymd: new Date("2024-01-05T10:00:00Z"), enddateymd: "2024-01-06" });
 * // URLSearchParams "action=getactivity&startdateymd=2024-01-05&enddateymd=2024-01-06"
 * ```
 */
export function encodeParams(key: EndpointKey, params: object = {}): URLSearchParams {
  const spec: EndpointSpec = endpoints[key];
  const form = new URLSearchParams({ action: spec.action });
  const given = params as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const param = spec.params[name];
    if (!param) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `${key}: unknown parameter "${name}"`,
      );
    }
    form.set(name, encodeValue(key, name, param.format, value));
  }
  for (const [name, param] of Object.entries(spec.params)) {
    if (param.required && !form.has(name)) {
      throw new WithingsArgumentError("ERR_MISSING_ARGS", `${key}: "${name}" is required`);
    }
  }
  if (spec.exclusive) checkExclusive(key, spec.exclusive, form);
  return form;
}

function checkExclusive(
  key: string,
  groups: readonly (readonly string[])[],
  form: URLSearchParams,
): void {
  const used = groups.filter((group) => group.some((name) => form.has(name)));
  if (used.length > 1) {
    const names = used.map((group) => group.filter((n) => form.has(n)).join("+"));
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `${key}: ${names.join(" and ")} cannot be combined (the API answers an empty result)`,
    );
  }
}

function encodeValue(key: string, name: string, format: ParamFormat, value: unknown): string {
  switch (format) {
    case "epoch":
      return String(toEpochSeconds(value, `${key}: "${name}"`));
    case "ymd":
      return toYmd(value, `${key}: "${name}"`);
    case "int":
      return String(toInt(value, `${key}: "${name}"`));
    case "int-list": {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) throw invalid(`${key}: "${name}" is an empty list`);
      return list.map((v) => toInt(v, `${key}: "${name}"`)).join(",");
    }
    case "string-list": {
      const list: unknown[] = Array.isArray(value) ? value : [value];
      if (list.length === 0 || list.some((v) => typeof v !== "string" || v === "")) {
        throw invalid(`${key}: "${name}" must be a non-empty string or list of strings`);
      }
      return list.join(",");
    }
    case "bool":
      if (typeof value !== "boolean") throw invalid(`${key}: "${name}" must be a boolean`);
      return value ? "true" : "false";
    case "string":
      if (typeof value !== "string" || value === "") {
        throw invalid(`${key}: "${name}" must be a non-empty string`);
      }
      return value;
  }
}

function toInt(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw invalid(`${what} must be an integer, got ${describe(value)}`);
  }
  return value;
}

/**
 * Converts a {@link DateInput} to Unix seconds: a `Date`, epoch seconds (milliseconds are
 * refused), a `YYYY-MM-DD` day (00:00 UTC) or an ISO date-time.
 *
 * @example
 * ```ts
 * toEpochSeconds("2024-01-05"); // 1704412800
 * toEpochSeconds(new Date(1704412800123)); // 1704412800
 * ```
 */
export function toEpochSeconds(value: unknown, what = "date"): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalid(`${what} is an invalid Date`);
    return Math.floor(ms / 1000);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw invalid(`${what} must be epoch seconds`);
    if (value >= MAX_EPOCH_SECONDS) {
      throw invalid(`${what} looks like milliseconds (${value}); the API takes epoch seconds`);
    }
    return Math.floor(value);
  }
  if (typeof value === "string") {
    const ms = YMD.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
    if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
      throw invalid(`${what} must be YYYY-MM-DD or an ISO date-time, got ${JSON.stringify(value)}`);
    }
    return Math.floor(ms / 1000);
  }
  throw invalid(`${what} must be a Date, epoch seconds or a date string, got ${describe(value)}`);
}

/**
 * Converts a {@link DateInput} to a `YYYY-MM-DD` day: strings of that form pass as they are
 * (they already name a day in the user's zone); instants give their UTC day.
 *
 * @example
 * ```ts
 * toYmd(1704412800); // "2024-01-05"
 * ```
 */
export function toYmd(value: unknown, what = "date"): string {
  if (typeof value === "string" && YMD.test(value)) {
    if (Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalid(`${what} is not a real day`);
    return value;
  }
  return new Date(toEpochSeconds(value, what) * 1000).toISOString().slice(0, 10);
}

function invalid(message: string): WithingsArgumentError {
  return new WithingsArgumentError("ERR_INVALID_ARG_VALUE", message);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}
