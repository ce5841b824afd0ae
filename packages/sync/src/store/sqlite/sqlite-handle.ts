import { WithingsArgumentError } from "@withings-kit/client";
import { findSqliteHandle, type SqliteHandle } from "./_sqlite-handles.js";
import type { SqliteStore } from "./sqlite-store.js";

export type { SqliteHandle } from "./_sqlite-handles.js";

/**
 * The connection of an open {@link SqliteStore}, for sibling packages only: exported by
 * `@withings-kit/sync/internal`, whose API may change in any release. Applications read
 * through `StoreReader` and write through `Store.apply`.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_TYPE` when `store` is not a `SqliteStore`.
 * @throws {StoreError} `STORE_CLOSED` when the store is closed.
 * @example
 * ```ts
 * import { sqliteHandle } from "@withings-kit/sync/internal";
 * const users = new SqliteServiceUsers(sqliteHandle(store).database);
 * ```
 */
export function sqliteHandle(store: SqliteStore): SqliteHandle {
  const handle = findSqliteHandle(store);
  if (handle === undefined) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_TYPE",
      "sqliteHandle: store must be a SqliteStore",
    );
  }
  return handle();
}
