import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  datasetTables,
  isStoreError,
  migrateSqlite,
  openSqliteStore,
  SQLITE_MIGRATIONS,
  type SqliteStore,
  type StoredRow,
} from "../../src/index.js";
import { sqliteTables } from "../../src/store/sqlite/_sqlite-tables.js";
import { longMeasureHistory, realRows } from "./real-rows.js";
import { describeStoreContract } from "./store-contract.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "withings-kit-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function thrown(run: () => unknown): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected a throw");
}

describeStoreContract("SQLite in memory", {
  async create() {
    return { store: openSqliteStore(":memory:") };
  },
});

describeStoreContract("SQLite file", {
  async create() {
    const path = join(tempDir(), "withings.db");
    const opened: SqliteStore[] = [];
    const open = (): SqliteStore => {
      const store = openSqliteStore(path, { pageSize: 257 });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      reopen: async () => open(),
      cleanup: async () => {
        for (const store of opened) await store.close();
      },
    };
  },
  async openCorrupt() {
    const path = join(tempDir(), "garbage.db");
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    try {
      openSqliteStore(path);
    } catch (error) {
      return error;
    }
    return undefined;
  },
});

describe("openSqliteStore", () => {
  it("sets WAL, synchronous=NORMAL, foreign keys and the busy timeout", async () => {
    const store = openSqliteStore(join(tempDir(), "w.db"), { busyTimeoutMs: 1234 });
    const db = store.database;
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(1234);
    await store.close();
  });

  it("runs the migrations once, in order, and records them", async () => {
    const path = join(tempDir(), "m.db");
    const first = openSqliteStore(path);
    expect(first.migrations).toEqual(
      SQLITE_MIGRATIONS.map((m) => ({ migrationName: m.name, status: "Success" })),
    );
    const names = first.database
      .prepare("SELECT name FROM schema_migrations ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual(["0001-initial", "0002-vitals-view"]);
    await first.close();
    const again = openSqliteStore(path);
    expect(again.migrations).toEqual([]);
    await again.close();
  });

  it("refuses a schema from a newer version with STORE_SCHEMA_TOO_NEW and leaves the file as it was", async () => {
    const path = join(tempDir(), "new.db");
    const store = openSqliteStore(path);
    store.database
      .prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)")
      .run("0099-future", "x");
    await store.close();
    const bytes = readFileSync(path);
    const error = thrown(() => openSqliteStore(path));
    expect(error.code).toBe("STORE_SCHEMA_TOO_NEW");
    expect(error.message).toContain("0099-future");
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("rolls every migration of a run back when one fails", () => {
    const db = new Database(":memory:");
    const { error, results } = migrateSqlite(db, [
      { name: "0001-a", up: "CREATE TABLE a (x INTEGER);" },
      { name: "0002-b", up: "CREATE TABLE b (x INTEGER); THIS IS NOT SQL;" },
    ]);
    expect(error?.code).toBe("STORE_MIGRATION_FAILED");
    expect(error?.message).toContain("0002-b");
    expect(results).toEqual([
      { migrationName: "0001-a", status: "NotExecuted" },
      { migrationName: "0002-b", status: "Error" },
    ]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual([]);
    // A later run with a fixed list applies cleanly.
    expect(
      migrateSqlite(db, [{ name: "0001-a", up: "CREATE TABLE a (x INTEGER);" }]).error,
    ).toBeUndefined();
    db.close();
  });

  it("refuses a file that is not SQLite with STORE_CORRUPT, writing nothing", () => {
    const dir = tempDir();
    const path = join(dir, "notes.db");
    const text = Buffer.from("these are my notes, not a database\n".repeat(200));
    writeFileSync(path, text);
    const error = thrown(() => openSqliteStore(path));
    expect(isStoreError(error)).toBe(true);
    expect(error.code).toBe("STORE_CORRUPT");
    expect(error.message).toContain(path);
    expect(readFileSync(path).equals(text)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("refuses a store whose pages are damaged with STORE_CORRUPT, writing nothing", async () => {
    const path = join(tempDir(), "damaged.db");
    const store = openSqliteStore(path);
    await store.apply({ userId: "1", dataset: "measures", upsert: realRows().measures });
    await store.close();
    const bytes = readFileSync(path);
    // Keep the 100-byte header, garble the schema page behind it.
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(path, bytes);
    const error = thrown(() => openSqliteStore(path));
    expect(error.code).toBe("STORE_CORRUPT");
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("refuses another application's SQLite database with STORE_FOREIGN_DATABASE", () => {
    const path = join(tempDir(), "other.db");
    const other = new Database(path);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
    other.close();
    const bytes = readFileSync(path);
    const error = thrown(() => openSqliteStore(path));
    expect(error.code).toBe("STORE_FOREIGN_DATABASE");
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("fails with STORE_BUSY when another process holds the write lock past the timeout", async () => {
    const path = join(tempDir(), "busy.db");
    const store = openSqliteStore(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      const error = await store
        .apply({ userId: "1", dataset: "goals", upsert: realRows().goals })
        .catch((e) => e);
      expect(error.code).toBe("STORE_BUSY");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(
      (await store.apply({ userId: "1", dataset: "goals", upsert: realRows().goals })).added,
    ).toBe(3);
    await store.close();
  });
});

describe("SQLite schema", () => {
  it("has, per dataset, user_id, the toRows columns in row order, then the derived ones", async () => {
    const store = openSqliteStore(":memory:");
    for (const def of Object.values(sqliteTables)) {
      const columns = store.database
        .prepare(`SELECT name FROM pragma_table_info(?)`)
        .pluck()
        .all(def.layout.table);
      expect(columns, def.layout.table).toEqual([
        "user_id",
        ...def.layout.columns.map((c) => c.column),
        ...def.derived.map((d) => d.column),
      ]);
    }
    await store.close();
  });

  it("has a layout for exactly the keys toRows makes (fails when the client adds a column)", () => {
    const rows = realRows();
    for (const [dataset, table] of Object.entries(datasetTables)) {
      const sample = (
        dataset === "measures" ? rows.measures : rows[dataset as keyof typeof rows]
      )[0] as StoredRow;
      expect(Object.keys(sample), dataset).toEqual(table.columns.map((c) => c.key));
    }
  });

  it("is documented: docs/schema.md names every table and column", () => {
    const doc = readFileSync(new URL("../../../../docs/schema.md", import.meta.url), "utf8");
    for (const def of Object.values(sqliteTables)) {
      expect(doc, def.layout.table).toContain(`## \`${def.layout.table}\``);
      for (const c of [
        ...def.layout.columns.map((x) => x.column),
        ...def.derived.map((d) => d.column),
      ]) {
        expect(doc, `${def.layout.table}.${c}`).toContain(`\`${c}\``);
      }
    }
    for (const name of ["ecg_signals", "vitals", "sync_state", "tokens", "schema_migrations"]) {
      expect(doc).toContain(`\`${name}\``);
    }
  });

  it("gives one vitals row per measurement group with a column per type", async () => {
    const store = openSqliteStore(":memory:");
    const history = longMeasureHistory();
    await store.apply({ userId: "1", dataset: "measures", upsert: history });
    const groups = new Set(history.map((r) => r.grpid));
    const count = store.database.prepare("SELECT count(*) FROM vitals").pluck().get();
    expect(count).toBe(groups.size);
    // A blood-pressure reading: systolic, diastolic and pulse side by side.
    const bp = history.find((r) => r.type === 10) as StoredRow & { grpid: number };
    const row = await store.kysely
      .selectFrom("vitals")
      .selectAll()
      .where("grpid", "=", bp.grpid)
      .executeTakeFirstOrThrow();
    const measureValue = (type: number) =>
      history.find((r) => r.grpid === bp.grpid && r.type === type)?.value ?? null;
    expect(row).toMatchObject({
      user_id: "1",
      systolic: measureValue(10),
      diastolic: measureValue(9),
      heart_pulse: measureValue(11),
    });
    expect(row.weight).toBeNull();
    await store.close();
  });

  it("pages rows() on the order index, without sorting", async () => {
    const store = openSqliteStore(":memory:");
    const plan = store.database
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM measures WHERE user_id = ? AND category <> 2
         AND (user_id, at, grpid, type, position_key) > (?, ?, ?, ?, ?)
         ORDER BY user_id, at, grpid, type, position_key LIMIT 10`,
      )
      .all("1", "1", 0, 0, 0, 0) as { detail: string }[];
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toContain("USING INDEX measures_at");
    expect(details).not.toContain("TEMP B-TREE");
    await store.close();
  });
});
