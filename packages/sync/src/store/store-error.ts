const BRAND = Symbol.for("withings-kit.store-error");

/**
 * What went wrong in a store or a token store. Stable, machine-readable; the CLI maps them
 * to exit codes.
 *
 * - `STORE_CORRUPT`: the file is not an SQLite database, or its pages are damaged.
 * - `STORE_FOREIGN_DATABASE`: a valid SQLite database that belongs to another application.
 * - `STORE_SCHEMA_TOO_NEW`: written by a newer Withings Kit (unknown migrations).
 * - `STORE_MIGRATION_FAILED`: a migration failed; the schema was left as it was.
 * - `STORE_INVALID_ROW`: a row that cannot be stored (missing key, wrong type); the whole
 *   batch was rolled back.
 * - `STORE_INVALID_ARGUMENT`: a bad dataset, user id, record key or query.
 * - `STORE_CLOSED`: used after `close()`.
 * - `STORE_BUSY`: another process held the write lock longer than the busy timeout.
 * - `STORE_READONLY`: the file or its directory is not writable.
 * - `STORE_IO`: the disk failed, is full, or the file cannot be opened.
 * - `TOKENS_CORRUPT`: a token file that is not what a token store wrote; left untouched.
 *
 * @example
 * ```ts
 * const code: StoreErrorCode = "STORE_CORRUPT";
 * ```
 */
export type StoreErrorCode =
  | "STORE_CORRUPT"
  | "STORE_FOREIGN_DATABASE"
  | "STORE_SCHEMA_TOO_NEW"
  | "STORE_MIGRATION_FAILED"
  | "STORE_INVALID_ROW"
  | "STORE_INVALID_ARGUMENT"
  | "STORE_CLOSED"
  | "STORE_BUSY"
  | "STORE_READONLY"
  | "STORE_IO"
  | "TOKENS_CORRUPT";

/**
 * The one error class of stores, token stores and exports. Messages name what failed and
 * where (dataset, table, file) but never hold token values or other secrets, and a `cause`
 * is attached only when its own message cannot carry any (SQLite's messages never include
 * bound values; `JSON.parse` messages quote the input, so they are never attached).
 *
 * @example
 * ```ts
 * try { openSqliteStore("withings.db"); }
 * catch (e) { if (isStoreError(e) && e.code === "STORE_CORRUPT") console.error(e.message); }
 * ```
 */
export class StoreError extends Error {
  /** A stable code, see {@link StoreErrorCode}. */
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StoreError";
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for any {@link StoreError}, also across realms and duplicated package copies.
 *
 * @example
 * ```ts
 * if (isStoreError(err) && err.code === "STORE_BUSY") setTimeout(retry, 1000);
 * ```
 */
export function isStoreError(value: unknown): value is StoreError {
  return typeof value === "object" && value !== null && BRAND in value;
}
