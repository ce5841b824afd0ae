import { isStoreError, StoreError, type StoreErrorCode } from "../store-error.js";

// better-sqlite3 throws `SqliteError` with SQLite's extended result code as a string
// (`SQLITE_CONSTRAINT_NOTNULL`, …) and a message that never contains bound values, so it
// is safe to keep as the cause.
function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "SqliteError" && typeof code === "string" ? code : undefined;
}

function storeCode(sqliteCode: string): StoreErrorCode | undefined {
  if (sqliteCode.startsWith("SQLITE_CORRUPT") || sqliteCode === "SQLITE_NOTADB") {
    return "STORE_CORRUPT";
  }
  if (sqliteCode.startsWith("SQLITE_BUSY") || sqliteCode.startsWith("SQLITE_LOCKED")) {
    return "STORE_BUSY";
  }
  if (sqliteCode.startsWith("SQLITE_READONLY") || sqliteCode.startsWith("SQLITE_PERM")) {
    return "STORE_READONLY";
  }
  if (sqliteCode.startsWith("SQLITE_CONSTRAINT") || sqliteCode === "SQLITE_MISMATCH") {
    return "STORE_INVALID_ROW";
  }
  if (
    sqliteCode.startsWith("SQLITE_IOERR") ||
    sqliteCode.startsWith("SQLITE_CANTOPEN") ||
    sqliteCode === "SQLITE_FULL"
  ) {
    return "STORE_IO";
  }
  return undefined;
}

/**
 * The {@link StoreError} for anything thrown while talking to SQLite: store errors pass
 * through, SQLite errors get the code of their family, `fallback` for the rest. `what` names
 * the operation for the message, e.g. `apply measures`.
 */
export function toStoreError(error: unknown, what: string, fallback: StoreErrorCode): StoreError {
  if (isStoreError(error)) return error;
  const sqliteCode = codeOf(error);
  const code = (sqliteCode === undefined ? undefined : storeCode(sqliteCode)) ?? fallback;
  const detail =
    code === "STORE_CORRUPT"
      ? "the file is not a Withings Kit SQLite database or it is damaged"
      : error instanceof Error
        ? error.message
        : String(error);
  const suffix = sqliteCode === undefined ? "" : ` (${sqliteCode})`;
  return new StoreError(code, `${what}: ${detail}${suffix}`, { cause: error });
}
