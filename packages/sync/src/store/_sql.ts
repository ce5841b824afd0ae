import { NO_INSTANT } from "./instants.js";
import { StoreError } from "./store-error.js";

/** A quoted SQL identifier: columns such as `key`, `date` or `index` are keywords. */
export function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The `[from, to)` bounds of a range query. A missing bound is open but still excludes the
 * records stored without an instant (`NO_INSTANT`), which belong to no range.
 */
export function bounds(from: number | undefined, to: number | undefined): [number, number] {
  return [from ?? NO_INSTANT + 1, to ?? Number.MAX_SAFE_INTEGER];
}

/** The error for a row that cannot be stored; names the dataset, row and column, never values. */
export function invalidRow(dataset: string, index: number, detail: string): StoreError {
  return new StoreError("STORE_INVALID_ROW", `${dataset} row ${index}: ${detail}`);
}
