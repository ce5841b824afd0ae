import { StoreError, type StoreErrorCode } from "./store-error.js";

const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE"]);

/**
 * A StoreError for a failure of `pg` or PostgreSQL, with the SQLSTATE or network code and
 * nothing of the message, which can quote the values of a statement (tokens among them). A
 * StoreError passes through unchanged. A data exception (SQLSTATE class 22: a value out of
 * range, a NUL in a text) is `STORE_INVALID_ROW` where a row was being written.
 */
export function pgStoreError(
  error: unknown,
  what: string,
  code: StoreErrorCode = "STORE_IO",
): StoreError {
  if (error instanceof StoreError) return error;
  const sqlState =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const state = /^[0-9A-Z]{5}$/.test(sqlState) ? sqlState : "";
  const detail =
    state !== ""
      ? ` (SQLSTATE ${state})`
      : NETWORK.has(sqlState)
        ? ` (${sqlState}: PostgreSQL cannot be reached)`
        : "";
  const kind =
    code === "STORE_INVALID_ROW" && !state.startsWith("22")
      ? "STORE_IO"
      : state === "57014" || state === "40001" || state === "40P01"
        ? "STORE_BUSY"
        : code;
  return new StoreError(kind, `${what} failed${detail}`);
}
