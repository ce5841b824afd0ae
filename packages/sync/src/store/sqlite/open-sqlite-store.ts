import Database from "better-sqlite3";
import { StoreError } from "../store-error.js";
import { toStoreError } from "./_sqlite-error.js";
import { migrateSqlite } from "./migrate-sqlite.js";
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

/**
 * Opens (creating if needed) a SQLite store: one file in WAL mode with `synchronous=NORMAL`
 * (a commit survives a crash of the process; only a power loss can undo the last ones, and
 * a re-sync refetches them), a busy timeout, foreign keys on, and every pending migration
 * run in one transaction. `":memory:"` gives a private in-memory store for tests.
 *
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
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw toStoreError(error, `open ${path}`, "STORE_IO");
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    probe(db, path);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    const { error, results } = migrateSqlite(db, SQLITE_MIGRATIONS);
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
