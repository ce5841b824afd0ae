import { StoreError } from "./store-error.js";

const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE"]);

/**
 * A StoreError for a failure of `pg` or PostgreSQL, with the SQLSTATE or network code and
 * nothing of the message, which can quote the values of a statement (tokens among them).
 */
export function pgStoreError(error: unknown, what: string): StoreError {
  const code =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const detail = /^[0-9A-Z]{5}$/.test(code)
    ? ` (SQLSTATE ${code})`
    : NETWORK.has(code)
      ? ` (${code}: PostgreSQL cannot be reached)`
      : "";
  return new StoreError("STORE_IO", `${what} failed${detail}`);
}
