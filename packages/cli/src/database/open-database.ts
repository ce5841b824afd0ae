import { chmod, mkdir, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { RateLimiter, TokenStore } from "@withings-kit/client";
import {
  isStoreError,
  type MigrationResult,
  type Store,
  type StoreReader,
} from "@withings-kit/sync";
import type { PostgresStore } from "@withings-kit/sync/postgres";
import { openSqliteStore, type SqliteStore, SqliteTokenStore } from "@withings-kit/sync/sqlite";
import { CliError } from "../cli-error.js";
import type { CliOutput } from "../cli-io.js";
import { EXIT_CODES } from "../exit-codes.js";
import { isPostgresUrl, shownPlace } from "./database-place.js";

/**
 * The CLI's database: one SQLite file, or one PostgreSQL database, holding the synced data
 * and, in its `tokens` table, the users' tokens.
 *
 * @example
 * ```ts
 * const db = await openDatabase(settings.dbPath, { create: true, stderr: io.stderr });
 * try { console.log(await db.store.counts()); } finally { await db.close(); }
 * ```
 */
export interface CliDatabase {
  /** Where it is, as messages may show it (a PostgreSQL URL without its password). */
  readonly path: string;
  /** The store, and its reads for what commands show (`status`, `demo`). */
  readonly store: Store & StoreReader;
  readonly tokens: TokenStore;
  /** The migrations that opening it ran (empty when its schema was current). */
  readonly migrations: readonly MigrationResult[];
  /**
   * The SQLite store, when the database is a file (the service keeps its tables there,
   * reached through `sqliteHandle` of `@withings-kit/sync/internal`).
   */
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
 * How {@link openDatabase} opens a database.
 *
 * @example
 * ```ts
 * const options: OpenDatabaseOptions = { readonly: true, stderr: io.stderr };
 * ```
 */
export interface OpenDatabaseOptions {
  /**
   * Create the file (mode 0600) and its directory (0700) when missing.
   * @default false
   */
  readonly create?: boolean;
  /**
   * Open an SQLite file with SQLite's read-only flag, for commands that only read
   * (`status`, `export`, `dashboard`): nothing is created, migrated or changed, not even a
   * file's mode, and a schema older than this version is refused with a hint to run
   * `withings migrate`. Cannot be combined with `create`.
   * @default false
   */
  readonly readonly?: boolean;
  /** Where to warn about a file other users can read (nothing is said without it). */
  readonly stderr?: CliOutput;
}

// Errors of creating a file or directory that mean the place is wrong or not ours to
// write, rather than a bug.
const CREATE_ERRORS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "it is a directory",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "the name is too long",
};

/**
 * Opens the database, creating it (and its directory) when `create` is set, or read only.
 * A `postgres://` URL opens a PostgreSQL database instead (its schema is made or migrated
 * on open; `create` and `readonly` do not apply): data and tokens in its tables, the `pg`
 * driver loaded only then.
 *
 * Tokens live in the database rather than in a token file: the tokens and the data they
 * fetched are one file to back up, move or delete, so they never get out of step (a demo
 * database carries the demo's tokens, a real one the real ones), and the SQLite token store
 * commits a rotated pair with a full fsync before it is used. Because the file then holds
 * secrets as well as health data, a new database is created mode 0600 in a 0700 directory
 * (SQLite gives its `-wal` and `-shm` files the database file's mode), and an existing one
 * that other users can read (copied with the default umask, 0644) is made 0600 before a
 * command writes to it, or refused when it cannot be; a read-only command only warns.
 *
 * Every SQLite file is checked with `PRAGMA quick_check` before it is used (one read of
 * every page): a damaged file is refused the same way by every command, before anything
 * is written to it or half an export is streamed.
 *
 * @throws {CliError} `DATABASE` when the file is missing or empty and `create` is false,
 *   cannot be created, or is readable by others and cannot be made private; the store's
 *   `StoreError` (corrupt, foreign, too new, busy…) as is.
 * @example
 * ```ts
 * const db = await openDatabase("withings.db", { readonly: true, stderr: io.stderr });
 * ```
 */
export async function openDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): Promise<CliDatabase> {
  if (isPostgresUrl(path)) return openPostgres(path);
  const readonly = options.readonly === true;
  if (readonly && options.create === true) {
    throw new TypeError("openDatabase: create and readonly cannot both be set");
  }
  if (options.create === true) await createFile(path);
  else await requireDatabaseFile(path);
  await keepPrivate(path, { tighten: !readonly, stderr: options.stderr });
  let store: SqliteStore;
  try {
    store = openSqliteStore(path, { readonly, integrityCheck: true });
  } catch (error) {
    // Opened read only, the store never migrates: the only failure of migrations there
    // is a schema that needs them.
    if (readonly && isStoreError(error) && error.code === "STORE_MIGRATION_FAILED") {
      throw new CliError(
        EXIT_CODES.DATABASE,
        `${path}: ${error.message}`,
        `bring it up to date first: withings migrate --db ${JSON.stringify(path)}`,
      );
    }
    throw error;
  }
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

async function createFile(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // `wx`: create only; an existing file (ours or not) is never truncated here.
      await (await open(path, "wx", 0o600)).close();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // mkdir says EEXIST when a part of the directory path is a file.
    const reason =
      typeof code !== "string"
        ? undefined
        : code === "EEXIST"
          ? CREATE_ERRORS["ENOTDIR"]
          : CREATE_ERRORS[code];
    if (reason === undefined) throw error;
    throw new CliError(
      EXIT_CODES.DATABASE,
      `cannot create the database ${path}: ${reason} (${code as string})`,
      "pass --db a path in a directory you can write to",
    );
  }
}

async function requireDatabaseFile(path: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new CliError(
      EXIT_CODES.DATABASE,
      `no database at ${path}`,
      "log in and sync first (withings login, withings sync), or pass --db",
    );
  }
  // An empty file is what a failed `touch` or a crashed first run leaves: SQLite would
  // take it for a new database, and a command that only reads must not write a schema.
  if (size === 0) {
    throw new CliError(
      EXIT_CODES.DATABASE,
      `no database at ${path}: the file is empty, not a Withings Kit database`,
      "log in and sync first (withings login, withings sync), or pass --db",
    );
  }
}

/**
 * Makes the database and its `-wal` and `-shm` files private (0600) when other users can
 * read or write them and this process owns them, saying so once; refuses the database
 * when it cannot. Read only (`tighten` false), it changes nothing and only warns.
 */
async function keepPrivate(
  path: string,
  options: { readonly tighten: boolean; readonly stderr: CliOutput | undefined },
): Promise<void> {
  if (process.platform === "win32") return; // no POSIX modes there
  const open: { file: string; mode: number; uid: number }[] = [];
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      const info = await stat(file);
      if ((info.mode & 0o077) !== 0) open.push({ file, mode: info.mode & 0o777, uid: info.uid });
    } catch {
      // A -wal or -shm that does not exist is fine.
    }
  }
  if (open.length === 0) return;
  const shown = (mode: number): string => mode.toString(8).padStart(4, "0");
  const list = open.map((f) => `${f.file} (mode ${shown(f.mode)})`).join(", ");
  if (!options.tighten) {
    options.stderr?.write(
      `withings: warning: other users of this machine can read ${list}, which holds tokens and health data: chmod 600 ${JSON.stringify(path)}\n`,
    );
    return;
  }
  for (const f of open) {
    let reason = "it belongs to another user";
    if (process.getuid?.() === f.uid) {
      try {
        await chmod(f.file, 0o600);
        continue;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        reason = typeof code === "string" ? code : "chmod failed";
      }
    }
    throw new CliError(
      EXIT_CODES.DATABASE,
      `${f.file} is readable by other users (mode ${shown(f.mode)}) and cannot be made private (${reason}); refusing to write tokens into it`,
      `as its owner: chmod 600 ${JSON.stringify(f.file)}`,
    );
  }
  options.stderr?.write(
    `withings: other users of this machine could read ${list}; made private (0600): it holds tokens and health data\n`,
  );
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
