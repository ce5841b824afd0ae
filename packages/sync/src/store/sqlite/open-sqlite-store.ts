import { existsSync, readFileSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { StoreError } from "../store-error.js";
import { migrateSqlite } from "./migrate-sqlite.js";
import { toStoreError } from "./sqlite-error.js";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.js";
import { SqliteStore } from "./sqlite-store.js";

/**
 * Options of {@link openSqliteStore}.
 *
 * @example
 * ```ts
 * const options: SqliteStoreOptions = { busyTimeoutMs: 10_000 };
 * ```
 */
export interface SqliteStoreOptions {
  /**
   * How long a write waits for another process (a second `withings sync`, the dashboard)
   * to release the file before failing with `STORE_BUSY`, in milliseconds.
   * @default 5000
   */
  readonly busyTimeoutMs?: number;
  /**
   * Rows per page when streaming with `rows()`: memory use of an export is about one page.
   * @default 1000
   */
  readonly pageSize?: number;
  /**
   * Open with SQLite's read-only flag: the file must exist, nothing is ever written to it
   * (no migration, no journal-mode change), and a schema older than this version is
   * refused with `STORE_MIGRATION_FAILED` instead of being migrated. Writes fail with
   * `STORE_READONLY`. A WAL database whose directory does not let SQLite create its
   * `-shm` file (a read-only mount) is read from a snapshot in memory instead (memory
   * use: the file's size).
   * @default false
   */
  readonly readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` before anything is written, and refuse a database with damaged
   * pages as `STORE_CORRUPT`. It reads every page once (O(size)), which a command that
   * writes, or reads everything, can afford; a page damaged after that is still reported by
   * the query that meets it.
   * @default false
   */
  readonly integrityCheck?: boolean;
}

/** `application_id` of a Withings Kit database ("WKit"), set by migration 0001. */
const APPLICATION_ID = 0x574b6974;

function probe(db: Database.Database, path: string): void {
  // Reading the schema touches the header and page 1: a file that is not SQLite fails here
  // with SQLITE_NOTADB, before anything could be written to it.
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  const foreign =
    (applicationId !== 0 && applicationId !== APPLICATION_ID) ||
    (applicationId === 0 && tables.length > 0 && !tables.includes("schema_migrations"));
  if (foreign) {
    throw new StoreError(
      "STORE_FOREIGN_DATABASE",
      `${path} is an SQLite database of another application; refusing to add Withings Kit tables to it`,
    );
  }
}

// The one message of a damaged file, whichever check or query finds it first.
function damaged(path: string, cause: unknown): StoreError {
  return new StoreError(
    "STORE_CORRUPT",
    `open ${path}: the file is not a Withings Kit SQLite database or it is damaged (SQLITE_CORRUPT)`,
    { cause },
  );
}

function checkIntegrity(db: Database.Database, path: string): void {
  let rows: Record<string, unknown>[];
  try {
    // One problem is enough to refuse the file; more would only take longer to find.
    rows = db.pragma("quick_check(1)") as Record<string, unknown>[];
  } catch (error) {
    if (toStoreError(error, "check", "STORE_IO").code === "STORE_CORRUPT") {
      throw damaged(path, error);
    }
    throw error;
  }
  const found = rows.map((row) => String(Object.values(row)[0]));
  if (found.length !== 1 || found[0] !== "ok") throw damaged(path, new Error(found.join("; ")));
}

// SQLite cannot read a WAL database read only when it may not create the `-shm` file
// beside it (a read-only directory or mount): https://sqlite.org/wal.html#readonly
const NO_SHARED_MEMORY: ReadonlySet<string> = new Set([
  "SQLITE_READONLY_DIRECTORY",
  "SQLITE_READONLY_CANTINIT",
  "SQLITE_READONLY_RECOVERY",
  "SQLITE_CANTOPEN",
]);

/**
 * A read-only snapshot of the file in memory, for a WAL database SQLite cannot open read
 * only in place. The header's WAL marks (bytes 18 and 19) are set back to the rollback
 * journal's, since an in-memory copy has no `-wal` to read. Refused when a `-wal` file
 * with content exists: its recent commits would be missing from the snapshot.
 */
function snapshot(path: string, busyTimeoutMs: number, cause: unknown): Database.Database {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new StoreError(
      "STORE_READONLY",
      `open ${path}: cannot read it read only: its directory is not writable and ${wal} holds recent commits`,
      { cause },
    );
  }
  const image = readFileSync(path);
  if (image.length > 19 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image, { readonly: true, timeout: busyTimeoutMs });
}

/**
 * Opens (creating if needed) a SQLite store: one file in WAL mode with `synchronous=NORMAL`
 * (a commit survives a crash of the process; only a power loss can undo the last ones, and
 * a re-sync refetches them), a busy timeout, foreign keys on, and every pending migration
 * run in one transaction. `":memory:"` gives a private in-memory store for tests.
 *
 * With `readonly`, nothing is written at all and a database needing migrations is refused.
 * Nothing is written to a file that is not a Withings Kit store: a corrupt or non-SQLite
 * file, another application's database, or a schema from a newer version is refused with
 * a typed error and left byte for byte as it was.
 *
 * @throws {StoreError} `STORE_CORRUPT`, `STORE_FOREIGN_DATABASE`, `STORE_SCHEMA_TOO_NEW`,
 *   `STORE_MIGRATION_FAILED`, `STORE_BUSY`, `STORE_READONLY` or `STORE_IO`.
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db");
 * console.log(await store.counts());
 * await store.close();
 * ```
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (typeof path !== "string" || path === "") {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      'openSqliteStore: path must be a file path or ":memory:"',
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      "openSqliteStore: busyTimeoutMs must be a non-negative integer",
    );
  }
  const readonly = options.readonly === true;
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs, readonly, fileMustExist: readonly });
  } catch (error) {
    throw toStoreError(error, `open ${path}`, "STORE_IO");
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    try {
      probe(db, path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (!readonly || path === ":memory:" || typeof code !== "string") throw error;
      if (!NO_SHARED_MEMORY.has(code)) throw error;
      db.close();
      db = snapshot(path, busyTimeoutMs, error);
      probe(db, path);
    }
    if (options.integrityCheck === true) checkIntegrity(db, path);
    if (!readonly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    }
    db.pragma("foreign_keys = ON");
    const { error, results } = migrateSqlite(db, SQLITE_MIGRATIONS, { readonly });
    if (error !== undefined) throw error;
    return new SqliteStore(db, {
      migrations: results,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    });
  } catch (error) {
    db.close();
    throw toStoreError(error, `open ${path}`, "STORE_IO");
  }
}
