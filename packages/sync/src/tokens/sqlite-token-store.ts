import type { TokenSet, TokenStore } from "@withings-kit/client";
import type BetterSqlite3 from "better-sqlite3";
import { toStoreError } from "../store/sqlite/sqlite-error.js";
import { sqliteHandle } from "../store/sqlite/sqlite-handle.js";
import type { SqliteStore } from "../store/sqlite/sqlite-store.js";
import { checkTokenSet, knownScopes } from "./_token-set.js";

/**
 * A {@link TokenStore} in the `tokens` table of a {@link SqliteStore}'s database, for
 * servers that keep everything in one file. `set` commits before it resolves, with the
 * commit fsynced (`synchronous = FULL` for that one statement; the store's NORMAL is enough
 * for data a re-sync can refetch, not for a rotated refresh token, which cannot be).
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore: new SqliteTokenStore(store) });
 * ```
 */
export class SqliteTokenStore implements TokenStore {
  readonly #store: SqliteStore;
  #upsert: BetterSqlite3.Statement | undefined;

  constructor(store: SqliteStore) {
    this.#store = store;
  }

  async get(userId: string): Promise<TokenSet | undefined> {
    try {
      const row = await sqliteHandle(this.#store)
        .kysely.selectFrom("tokens")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        userId: row.token_user_id,
        accessToken: row.access_token,
        refreshToken: row.refresh_token,
        expiresAt: row.expires_at,
        scope: knownScopes(row.scope === "" ? [] : row.scope.split(",")),
        tokenType: row.token_type,
      };
    } catch (error) {
      throw toStoreError(error, "SqliteTokenStore.get", "STORE_IO");
    }
  }

  async set(userId: string, tokens: TokenSet): Promise<void> {
    const t = checkTokenSet(userId, tokens, "SqliteTokenStore.set");
    try {
      const db = sqliteHandle(this.#store).database;
      this.#upsert ??= db.prepare(
        `INSERT INTO tokens (user_id, token_user_id, access_token, refresh_token, expires_at, scope, token_type, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET token_user_id = excluded.token_user_id,
           access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, scope = excluded.scope, token_type = excluded.token_type,
           updated_at = excluded.updated_at`,
      );
      // All synchronous: no other statement of this process runs between the two pragmas.
      db.pragma("synchronous = FULL");
      try {
        this.#upsert.run(
          userId,
          t.userId,
          t.accessToken,
          t.refreshToken,
          t.expiresAt,
          t.scope.join(","),
          t.tokenType,
          Date.now(),
        );
      } finally {
        db.pragma("synchronous = NORMAL");
      }
    } catch (error) {
      // SQLite messages never include bound values, so no token can leak through here.
      throw toStoreError(error, "SqliteTokenStore.set", "STORE_IO");
    }
  }

  async delete(userId: string): Promise<void> {
    try {
      await sqliteHandle(this.#store)
        .kysely.deleteFrom("tokens")
        .where("user_id", "=", userId)
        .execute();
    } catch (error) {
      throw toStoreError(error, "SqliteTokenStore.delete", "STORE_IO");
    }
  }

  async list(): Promise<string[]> {
    try {
      const rows = await sqliteHandle(this.#store)
        .kysely.selectFrom("tokens")
        .select("user_id")
        .orderBy("user_id")
        .execute();
      return rows.map((r) => r.user_id);
    } catch (error) {
      throw toStoreError(error, "SqliteTokenStore.list", "STORE_IO");
    }
  }
}
