import type BetterSqlite3 from "better-sqlite3";
import { NO_INSTANT } from "../_instants.js";
import { StoreError } from "../store-error.js";

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

/** The distinct users of a table whose key starts with `user_id`, in O(users · log n). */
export function distinctUsers(db: BetterSqlite3.Database, table: string): string[] {
  // A skip scan written out: each step seeks the next user in the primary key, instead of
  // `SELECT DISTINCT user_id`, which reads every row of a 10-year intraday table.
  return db
    .prepare(
      `WITH RECURSIVE u(id) AS (
         SELECT min(user_id) FROM ${q(table)}
         UNION ALL
         SELECT (SELECT min(user_id) FROM ${q(table)} WHERE user_id > u.id) FROM u WHERE u.id IS NOT NULL
       ) SELECT id FROM u WHERE id IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

/** The error for a row that cannot be stored; names the dataset, row and column, never values. */
export function invalidRow(dataset: string, index: number, detail: string): StoreError {
  return new StoreError("STORE_INVALID_ROW", `${dataset} row ${index}: ${detail}`);
}
