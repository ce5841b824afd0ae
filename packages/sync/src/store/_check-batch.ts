import type { DetailDataset, DetailUnit, StoreBatch } from "./store.js";
import { StoreError } from "./store-error.js";

const DETAIL_DATASETS: ReadonlySet<string> = new Set<DetailDataset>([
  "intraday",
  "sleep",
  "ecg_signal",
]);

function invalid(message: string): StoreError {
  return new StoreError("STORE_INVALID_ARGUMENT", message);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null;
}

/** A number `from`/`to` comparisons can use (infinities are clamped by the caller). */
export function isEpoch(value: unknown): value is number {
  return typeof value === "number" && !Number.isNaN(value);
}

/** True for a non-empty string, the only user id a store accepts. */
export function checkUser(userId: unknown, what: string): asserts userId is string {
  if (typeof userId !== "string" || userId === "") {
    throw invalid(`${what}: userId must be a non-empty string`);
  }
}

/** True for `intraday`, `sleep` and `ecg_signal`. */
export function isDetailDataset(value: unknown): value is DetailDataset {
  return typeof value === "string" && DETAIL_DATASETS.has(value);
}

function finiteOrNull(value: unknown): value is number | null {
  return value === null || (typeof value === "number" && Number.isFinite(value));
}

/** Throws `STORE_INVALID_ARGUMENT` unless `unit` is a well-formed {@link DetailUnit}. */
function checkUnit(unit: unknown, what: string): asserts unit is DetailUnit {
  if (!isObject(unit)) throw invalid(`${what}: a unit must be an object`);
  const { dataset, key, start, end, dirty, fetchedAt, settleAt } = unit;
  if (!isDetailDataset(dataset)) {
    throw invalid(`${what}: unit dataset must be one of ${[...DETAIL_DATASETS].join(", ")}`);
  }
  if (typeof key !== "string" || key === "") {
    throw invalid(`${what}: unit key must be a non-empty string`);
  }
  if (typeof start !== "number" || typeof end !== "number" || !(start <= end)) {
    throw invalid(`${what}: unit start and end must be epoch seconds with start <= end`);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw invalid(`${what}: unit start and end must be finite`);
  }
  if (typeof dirty !== "boolean") throw invalid(`${what}: unit dirty must be a boolean`);
  if (!finiteOrNull(fetchedAt) || !finiteOrNull(settleAt)) {
    throw invalid(`${what}: unit fetchedAt and settleAt must be finite numbers or null`);
  }
}

// What JSON.stringify then JSON.parse gives back unchanged: no undefined, functions,
// symbols, bigints, NaN or infinities, class instances, symbol keys or cycles.
function isJson(value: unknown, path: Set<object>): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object") return false;
  if (path.has(value)) return false;
  path.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        // A hole would come back as `null`.
        if (!(i in value) || !isJson(value[i], path)) return false;
      }
      return true;
    }
    return isPlainObject(value) && Object.values(value).every((v) => isJson(v, path));
  } finally {
    path.delete(value);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}

/** Throws `STORE_INVALID_ARGUMENT` unless `meta` is `null` or a plain JSON object. */
function checkMeta(meta: unknown): void {
  if (meta === null) return;
  if (
    typeof meta !== "object" ||
    Array.isArray(meta) ||
    !isPlainObject(meta) ||
    !isJson(meta, new Set())
  ) {
    throw invalid(
      "apply: state.meta must be null or a plain JSON object (no undefined, functions, NaN, class instances or cycles)",
    );
  }
}

function checkStateValue(value: unknown, key: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(`apply: state.${key} must be a finite number or null`);
  }
}

/**
 * Checks everything of a batch but its dataset and rows (the store checks those as it
 * writes), so a malformed batch fails before it takes the write lock.
 *
 * @throws {StoreError} `STORE_INVALID_ARGUMENT`.
 */
export function checkBatch(batch: StoreBatch): void {
  if (!isObject(batch)) throw invalid("apply: batch must be an object");
  checkUser(batch.userId, "apply");
  if (batch.upsert !== undefined && !Array.isArray(batch.upsert)) {
    throw invalid("apply: upsert must be an array of rows");
  }
  if (batch.delete !== undefined && !Array.isArray(batch.delete)) {
    throw invalid("apply: delete must be an array of record keys");
  }
  if (batch.state !== undefined) {
    if (!isObject(batch.state)) throw invalid("apply: state must be an object");
    checkStateValue(batch.state.cursor, "cursor");
    checkStateValue(batch.state.lastSyncAt, "lastSyncAt");
    checkStateValue(batch.state.lastReconcileAt, "lastReconcileAt");
    if (batch.state.meta !== undefined) checkMeta(batch.state.meta);
  }
  if (batch.complete !== undefined) {
    const complete: unknown = batch.complete;
    if (!isObject(complete) || !isEpoch(complete["from"]) || !isEpoch(complete["to"])) {
      throw invalid("apply: complete must be { from, to } in epoch seconds");
    }
  }
  if (batch.dependents !== undefined) {
    if (!Array.isArray(batch.dependents)) throw invalid("apply: dependents must be an array");
    for (const mark of batch.dependents as readonly unknown[]) {
      if (!isObject(mark) || typeof mark["record"] !== "string") {
        throw invalid("apply: each dependent must be { record, unit } with a record key");
      }
      checkUnit(mark["unit"], "apply dependents");
    }
  }
  if (batch.units !== undefined) {
    if (!Array.isArray(batch.units)) throw invalid("apply: units must be an array");
    for (const entry of batch.units as readonly unknown[]) {
      if (isObject(entry) && "remove" in entry) {
        if (
          entry["remove"] !== true ||
          !isDetailDataset(entry["dataset"]) ||
          typeof entry["key"] !== "string" ||
          entry["key"] === ""
        ) {
          throw invalid("apply: a unit removal must be { dataset, key, remove: true }");
        }
      } else {
        checkUnit(entry, "apply units");
      }
    }
  }
}

/** Throws `STORE_INVALID_ARGUMENT` unless `lock`'s arguments are well formed. */
export function checkLock(userId: unknown, holder: unknown, options: unknown): void {
  checkUser(userId, "lock");
  if (typeof holder !== "string" || holder === "") {
    throw invalid("lock: holder must be a non-empty string");
  }
  if (!isObject(options)) throw invalid("lock: options must be an object");
  const { now, leaseSeconds, steal, renewOnly } = options;
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw invalid("lock: now must be finite epoch seconds");
  }
  if (typeof leaseSeconds !== "number" || !Number.isFinite(leaseSeconds) || leaseSeconds <= 0) {
    throw invalid("lock: leaseSeconds must be a positive number");
  }
  if (steal !== undefined && typeof steal !== "string") {
    throw invalid("lock: steal must be a holder string");
  }
  if (renewOnly !== undefined && typeof renewOnly !== "boolean") {
    throw invalid("lock: renewOnly must be a boolean");
  }
}

/** Throws `STORE_INVALID_ARGUMENT` unless `units`' arguments are well formed. */
export function checkUnitsQuery(userId: unknown, dataset: unknown, options: unknown): void {
  checkUser(userId, "units");
  if (!isDetailDataset(dataset)) {
    throw invalid(
      `units: ${JSON.stringify(dataset)} is not a detail dataset (intraday, sleep, ecg_signal)`,
    );
  }
  if (!isObject(options)) throw invalid("units: options must be an object");
  if (options["due"] !== undefined && !isEpoch(options["due"])) {
    throw invalid("units: due must be epoch seconds");
  }
}

/** Throws `STORE_INVALID_ARGUMENT` unless `rows`' query is well formed (its dataset aside). */
export function checkRowQuery(query: unknown): void {
  if (!isObject(query)) throw invalid("rows: query must be an object");
  if (query["userId"] !== undefined) checkUser(query["userId"], "rows");
  for (const bound of [query["from"], query["to"]]) {
    if (bound !== undefined && !isEpoch(bound)) {
      throw invalid("rows: from and to must be epoch seconds");
    }
  }
}
