import { constants } from "node:fs";
import { access, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { RateLimiter, TokenStore } from "@withings-kit/client";
import {
  type MigrationResult,
  openSqliteStore,
  type SqliteStore,
  SqliteTokenStore,
  type Store,
} from "@withings-kit/sync";
import type { PostgresStore } from "@withings-kit/sync/postgres";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import { isPostgresUrl, shownPlace } from "./database-place.js";

/**
 * The CLI's database: one SQLite file, or one PostgreSQL database, holding the synced data
 * and, in its `tokens` table, the users' tokens.
 *
 * @example
 * ```ts
 * const db = await openDatabase(settings.dbPath, { create: true });
 * try { console.log(await db.store.counts()); } finally { await db.close(); }
 * ```
 */
export interface CliDatabase {
  /** Where it is, as messages may show it (a PostgreSQL URL without its password). */
  readonly path: string;
  readonly store: Store;
  readonly tokens: TokenStore;
  /** The migrations that opening it ran (empty when its schema was current). */
  readonly migrations: readonly MigrationResult[];
  /** The SQLite store, when the database is a file (the service keeps its tables there). */
  readonly sqlite: SqliteStore | undefined;
  /** The PostgreSQL pool, when the database is PostgreSQL (the service's tables use it). */
  readonly pool: PostgresStore["pool"] | undefined;
  /**
   * The app's quota as every process on this database counts it (PostgreSQL), opened on
   * first use and closed with the database; `undefined` for a file, which one process uses.
   */
  sharedQuota(limit: number): Promise<RateLimiter | undefined>;
  close(): Promise<void>;
}

/**
 * Opens the database, creating it (and its directory) when `create` is set. A
 * `postgres://` URL opens a PostgreSQL database instead (its schema is made or migrated on
 * open; `create` does not apply): data and tokens in its tables, the `pg` driver loaded
 * only then.
 *
 * Tokens live in the database rather than in a token file: the tokens and the data they
 * fetched are one file to back up, move or delete, so they never get out of step (a demo
 * database carries the demo's tokens, a real one the real ones), and the SQLite token store
 * commits a rotated pair with a full fsync before it is used. Because the file then holds
 * secrets as well as health data, a new database is created mode 0600 in a 0700 directory
 * (SQLite gives its `-wal` and `-shm` files the database file's mode).
 *
 * @throws {CliError} `DATABASE` when the file does not exist and `create` is false; the
 *   store's `StoreError` (corrupt, foreign, too new, busy…) as is.
 * @example
 * ```ts
 * const db = await openDatabase("withings.db", { create: false });
 * ```
 */
export async function openDatabase(
  path: string,
  options: { readonly create: boolean },
): Promise<CliDatabase> {
  if (isPostgresUrl(path)) return openPostgres(path);
  if (options.create) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // `wx`: create only; an existing file (ours or not) is never truncated here.
      await (await open(path, "wx", 0o600)).close();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    }
  } else {
    try {
      await access(path, constants.F_OK);
    } catch {
      throw new CliError(
        EXIT_CODES.DATABASE,
        `no database at ${path}`,
        "log in and sync first (withings login, withings sync), or pass --db",
      );
    }
  }
  const store = openSqliteStore(path);
  return {
    path,
    store,
    tokens: new SqliteTokenStore(store),
    migrations: store.migrations,
    sqlite: store,
    pool: undefined,
    sharedQuota: async () => undefined,
    close: () => store.close(),
  };
}

async function openPostgres(url: string): Promise<CliDatabase> {
  const { PostgresRateLimiter, PostgresStore, PostgresTokenStore } = await import(
    "@withings-kit/sync/postgres"
  );
  const store = await PostgresStore.open(url);
  let tokens: Awaited<ReturnType<typeof PostgresTokenStore.open>>;
  try {
    tokens = await PostgresTokenStore.open(store.pool);
  } catch (error) {
    await store.close();
    throw error;
  }
  let quota: Awaited<ReturnType<typeof PostgresRateLimiter.open>> | undefined;
  return {
    path: shownPlace(url),
    store,
    tokens,
    migrations: store.migrations,
    sqlite: undefined,
    pool: store.pool,
    async sharedQuota(limit) {
      quota ??= await PostgresRateLimiter.open(store.pool, { limit });
      return quota;
    },
    async close() {
      await quota?.close();
      await tokens.close();
      await store.close();
    },
  };
}
