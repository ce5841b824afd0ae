import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RowOf, WithingsArgumentError } from "@withings-kit/client";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { isStoreError, recordKeyOf, type StoredRow } from "../../src/index.js";
import { sqliteHandle } from "../../src/internal.js";
import {
  migrateSqlite,
  openSqliteStore,
  SQLITE_MIGRATIONS,
  type SqliteStore,
} from "../../src/sqlite.js";
import { storeTables } from "../../src/store/_store-tables.js";
import { datasetTables } from "../../src/testing.js";
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
    const db = sqliteHandle(store).database;
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
    const names = sqliteHandle(first)
      .database.prepare("SELECT name FROM schema_migrations ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual([
      "0001-initial",
      "0002-vitals-view",
      "0003-records-and-units",
      "0004-sleep-device",
      "0005-far-dated-nights",
    ]);
    await first.close();
    const again = openSqliteStore(path);
    expect(again.migrations).toEqual([]);
    await again.close();
  });

  it("refuses a schema from a newer version with STORE_SCHEMA_TOO_NEW and leaves the file as it was", async () => {
    const path = join(tempDir(), "new.db");
    const store = openSqliteStore(path);
    sqliteHandle(store)
      .database.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)")
      .run("0099-future", "x");
    await store.close();
    const bytes = readFileSync(path);
    const error = thrown(() => openSqliteStore(path));
    expect(error.code).toBe("STORE_SCHEMA_TOO_NEW");
    expect(error.message).toContain("0099-future");
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("keeps another component's migrations in a table of its own", async () => {
    const path = join(tempDir(), "shared.db");
    const store = openSqliteStore(path);
    const service = [{ name: "0001-inbox", up: "CREATE TABLE inbox (id INTEGER PRIMARY KEY);" }];
    const options = { table: "service_migrations" };
    expect(migrateSqlite(sqliteHandle(store).database, service, options).results).toEqual([
      { migrationName: "0001-inbox", status: "Success" },
    ]);
    expect(migrateSqlite(sqliteHandle(store).database, service, options).results).toEqual([]);
    await store.close();
    // The store still knows every name in its own table, so it opens.
    const again = openSqliteStore(path);
    expect(again.migrations).toEqual([]);
    expect(
      thrown(() =>
        migrateSqlite(sqliteHandle(again).database, service, { table: "x; DROP TABLE inbox" }),
      ).code,
    ).toBe("STORE_INVALID_ARGUMENT");
    await again.close();
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
    const goals = realRows().goals;
    expect((await store.apply({ userId: "1", dataset: "goals", upsert: goals })).added).toBe(
      new Set(goals.map((r) => r.goal)).size,
    );
    await store.close();
  });
});

describe("SQLite schema", () => {
  it("has, per dataset, user_id, the toRows columns in row order, then the derived ones", async () => {
    const store = openSqliteStore(":memory:");
    for (const def of Object.values(storeTables)) {
      const columns = sqliteHandle(store)
        .database.prepare(`SELECT name FROM pragma_table_info(?)`)
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

  it("is documented: docs/schema.md names every table and column", async () => {
    const doc = readFileSync(new URL("../../../../docs/schema.md", import.meta.url), "utf8");
    for (const def of Object.values(storeTables)) {
      expect(doc, def.layout.table).toContain(`## \`${def.layout.table}\``);
      for (const c of [
        ...def.layout.columns.map((x) => x.column),
        ...def.derived.map((d) => d.column),
      ]) {
        expect(doc, `${def.layout.table}.${c}`).toContain(`\`${c}\``);
      }
      // The table of keys gives the table's primary key.
      const keyRow = doc
        .split("\n")
        .filter((line) => line.includes(`| \`${def.layout.table}\` `))
        .find((line) => line.includes(` ${def.primaryKey.join(", ")} `));
      expect(keyRow, `${def.layout.table} key`).toBeDefined();
    }
    const store = openSqliteStore(":memory:");
    for (const table of [
      "ecg_signals",
      "sync_state",
      "detail_units",
      "sync_locks",
      "tokens",
      "schema_migrations",
    ]) {
      expect(doc, table).toContain(`## \`${table}\``);
      const columns = sqliteHandle(store)
        .database.prepare("SELECT name FROM pragma_table_info(?)")
        .pluck()
        .all(table) as string[];
      expect(columns.length, table).toBeGreaterThan(0);
      for (const c of columns) expect(doc, `${table}.${c}`).toContain(`\`${c}\``);
    }
    const indexes = sqliteHandle(store)
      .database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
      .pluck()
      .all() as string[];
    for (const index of indexes) expect(doc, index).toContain(`\`${index}`);
    expect(doc).toContain("`vitals`");
    await store.close();
  });

  it("keys each table as its layout says", async () => {
    const store = openSqliteStore(":memory:");
    for (const def of Object.values(storeTables)) {
      const key = (
        sqliteHandle(store)
          .database.prepare("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
          .all(def.layout.table) as { name: string }[]
      ).map((c) => c.name);
      expect(key, def.layout.table).toEqual(def.primaryKey);
    }
    await store.close();
  });

  it("gives one vitals row per measurement group with a column per type", async () => {
    const store = openSqliteStore(":memory:");
    const history = longMeasureHistory();
    await store.apply({ userId: "1", dataset: "measures", upsert: history });
    const groups = new Set(history.map((r) => r.grpid));
    const count = sqliteHandle(store).database.prepare("SELECT count(*) FROM vitals").pluck().get();
    expect(count).toBe(groups.size);
    // A blood-pressure reading: systolic, diastolic and pulse side by side.
    const bp = history.find((r) => r.type === 10) as StoredRow & { grpid: number };
    const row = await sqliteHandle(store)
      .kysely.selectFrom("vitals")
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
    const plan = sqliteHandle(store)
      .database.prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM measures WHERE user_id = ? AND category <> 2
         AND (at, grpid, category, type, position_key, occurrence) > (?, ?, ?, ?, ?, ?)
         ORDER BY user_id, at, grpid, category, type, position_key, occurrence LIMIT 10`,
      )
      .all("1", 0, 0, 0, 0, "", 0) as { detail: string }[];
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toContain("USING INDEX measures_at");
    expect(details).not.toContain("TEMP B-TREE");
    await store.close();
  });
});

describe("migration 0003 (records keyed as the API keys them, units, locks)", () => {
  /** The measure rows (measures, then objectives) and activity rows `writeOld` writes. */
  const oldInput = () => {
    const rows = realRows();
    return { measures: [...rows.measures, ...rows.objectives], activity: rows.activity };
  };

  /**
   * What the 0.1 tables kept of `oldInput()`, as `INSERT OR REPLACE` under their keys: the
   * last row per (grpid, type, position) — category was not part of it — and per date.
   */
  function keptByOld(): { measures: RowOf<"measures">[]; activity: RowOf<"activity">[] } {
    const last = <R>(rows: readonly R[], keyOf: (row: R) => string): R[] => [
      ...new Map(rows.map((r) => [keyOf(r), r])).values(),
    ];
    const input = oldInput();
    return {
      measures: last(input.measures, (r) => `${r.grpid}|${r.type}|${r.position ?? -1}`),
      activity: last(input.activity, (r) => r.date),
    };
  }

  // Rows as the 0.1 store (migrations 0001 and 0002) wrote them, straight into its tables:
  // `position_key` -1 for no position, one row per (grpid, type, position), one per day.
  function writeOld(db: Database.Database, userId: string): void {
    const rows = oldInput();
    const put = (table: string, keys: readonly string[], values: readonly unknown[]) =>
      db
        .prepare(
          `INSERT OR REPLACE INTO ${table} (user_id, ${keys.map((k) => `"${k}"`).join(", ")}) VALUES (?, ${keys.map(() => "?").join(", ")})`,
        )
        .run(userId, ...values);
    const cells = (dataset: "measures" | "activity", row: StoredRow) =>
      datasetTables[dataset].columns.map((c) => {
        const value = (row as unknown as Record<string, unknown>)[c.key];
        return typeof value === "boolean" ? Number(value) : value;
      });
    const measureColumns = datasetTables.measures.columns.map((c) => c.column);
    for (const row of rows.measures) {
      const position = (row as { position: number | null }).position;
      put(
        "measures",
        [...measureColumns, "position_key", "at"],
        [...cells("measures", row), position ?? -1, Date.parse(row.date as string) / 1000],
      );
    }
    const activityColumns = datasetTables.activity.columns.map((c) => c.column);
    for (const row of rows.activity) {
      put(
        "activity",
        [...activityColumns, "at"],
        [...cells("activity", row), Date.parse(`${row.date}T00:00:00Z`) / 1000],
      );
    }
    db.prepare(
      "INSERT INTO sync_state (user_id, dataset, cursor, last_sync_at, last_reconcile_at, updated_at) VALUES (?, 'measures', 5, 6, 7, 8)",
    ).run(userId);
  }

  it("migrates a database written by 0001 and 0002: rows, keys, state and the vitals view", async () => {
    const path = join(tempDir(), "old.db");
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    expect(migrateSqlite(old, SQLITE_MIGRATIONS.slice(0, 2)).error).toBeUndefined();
    writeOld(old, "1");
    writeOld(old, "2");
    const vitalsBefore = old.prepare("SELECT * FROM vitals ORDER BY user_id, grpid").all();
    const oldMeasures = old.prepare("SELECT count(*) FROM measures").pluck().get() as number;
    old.close();

    const store = openSqliteStore(path);
    expect(store.migrations).toEqual(
      SQLITE_MIGRATIONS.slice(2).map((m) => ({ migrationName: m.name, status: "Success" })),
    );
    const db = sqliteHandle(store).database;
    expect(db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    const rows = realRows();
    // What 0.1 kept: one row per (grpid, type, position), so the Body Scan's repeats once, and
    // one activity row per date, so one source of a date two sources share.
    const kept = keptByOld();
    const json = (list: readonly StoredRow[]) => list.map((r) => JSON.stringify(r)).sort();
    const streamed = async (dataset: "measures" | "objectives" | "activity") => {
      const out: string[] = [];
      for await (const row of store.rows({ dataset, userId: "1" })) out.push(JSON.stringify(row));
      return out.sort();
    };
    const keptMeasures = kept.measures.filter((r) => r.category !== 2);
    expect(await streamed("measures")).toEqual(json(keptMeasures));
    expect(await streamed("objectives")).toEqual(
      json(kept.measures.filter((r) => r.category === 2)),
    );
    expect(db.prepare("SELECT count(*) FROM measures").pluck().get()).toBe(oldMeasures);
    // A null position's key is '', a real one's its text; every migrated row is the first.
    const keys = db
      .prepare(
        "SELECT DISTINCT position IS NULL AS none, typeof(position_key) AS kind, position_key = coalesce(CAST(position AS TEXT), '') AS same, occurrence FROM measures ORDER BY none",
      )
      .all();
    expect(keys).toEqual([
      { none: 0, kind: "text", same: 1, occurrence: 0 },
      { none: 1, kind: "text", same: 1, occurrence: 0 },
    ]);
    expect(
      db.prepare("SELECT position_key FROM measures WHERE position IS NULL").pluck().all(),
    ).toContain("");

    // Activity records gained their source.
    expect(await streamed("activity")).toEqual(json(kept.activity));
    const activityKeys = kept.activity.map((r) => recordKeyOf("activity", r) as string).sort();
    expect(await store.recordKeys("1", "activity", ...[0, 2e9])).toEqual(activityKeys);
    const sources = [...new Set(activityKeys.map((k) => k.slice(k.indexOf("|") + 1)))].sort();
    expect(
      (db.prepare("SELECT DISTINCT source_key FROM activity").pluck().all() as string[]).sort(),
    ).toEqual(sources);

    // State keeps its fields and has no meta; the view reads the rebuilt table as before.
    expect(await store.getState("1", "measures")).toEqual({
      cursor: 5,
      lastSyncAt: 6,
      lastReconcileAt: 7,
      meta: null,
    });
    expect(db.prepare("SELECT * FROM vitals ORDER BY user_id, grpid").all()).toEqual(vitalsBefore);
    expect(vitalsBefore.length).toBe(2 * new Set(rows.measures.map((r) => r.grpid)).size);

    // A replay of the same answers adds exactly the rows 0.1 had to drop: the repeated
    // measures, and the other sources of a date. What 0.1 kept of a repeat is the last copy,
    // now the first occurrence's place: a change where the two copies differ.
    const repeats = rows.measures.length - keptMeasures.length;
    expect(repeats).toBeGreaterThan(0);
    const oldKey = (r: RowOf<"measures">) => `${r.grpid}|${r.type}|${r.position ?? -1}`;
    const firstOf = new Map<string, string>();
    for (const r of [...rows.measures].reverse()) firstOf.set(oldKey(r), JSON.stringify(r));
    const differ = keptMeasures.filter((r) => firstOf.get(oldKey(r)) !== JSON.stringify(r)).length;
    expect(await store.apply({ userId: "1", dataset: "measures", upsert: rows.measures })).toEqual({
      added: repeats,
      changed: differ,
      deleted: 0,
    });
    expect(await store.apply({ userId: "1", dataset: "activity", upsert: rows.activity })).toEqual({
      added: rows.activity.length - kept.activity.length,
      changed: 0,
      deleted: 0,
    });
    // The new tables work.
    expect(await store.units("1", "intraday")).toEqual([]);
    expect(await store.lock("1", "run", { now: 1, leaseSeconds: 1 })).toEqual({ acquired: true });
    await store.close();
    // And a reopen has nothing left to migrate.
    const again = openSqliteStore(path);
    expect(again.migrations).toEqual([]);
    await again.close();
  });

  it("rolls back whole when it fails half way, leaving the 0002 schema", () => {
    const db = new Database(":memory:");
    expect(migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 2)).error).toBeUndefined();
    writeOld(db, "1");
    // A table in the way of the rebuild.
    db.exec("CREATE TABLE measures_0003 (x INTEGER)");
    const { error } = migrateSqlite(db, SQLITE_MIGRATIONS);
    expect(error?.code).toBe("STORE_MIGRATION_FAILED");
    const columns = db.prepare("SELECT name FROM pragma_table_info('measures')").pluck().all();
    expect(columns).not.toContain("occurrence");
    expect(db.prepare("SELECT count(*) FROM vitals").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare("SELECT name FROM schema_migrations").pluck().all()).toEqual([
      "0001-initial",
      "0002-vitals-view",
    ]);
    db.close();
  });
});

describe("migration 0004 (sleep detail keyed by device)", () => {
  it("migrates sleep rows written by 0003: rows, keys and counts, and a replay changes nothing", async () => {
    const path = join(tempDir(), "sleep.db");
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    expect(migrateSqlite(old, SQLITE_MIGRATIONS.slice(0, 3)).error).toBeUndefined();
    const rows = realRows().sleep;
    const columns = datasetTables.sleep.columns;
    const insert = old.prepare(
      `INSERT INTO sleep (user_id, ${columns.map((c) => `"${c.column}"`).join(", ")}, at, segment_start_at) VALUES (?, ${columns.map(() => "?").join(", ")}, ?, ?)`,
    );
    for (const row of rows) {
      const cells = row as unknown as Record<string, unknown>;
      insert.run(
        "1",
        ...columns.map((c) => cells[c.key]),
        Date.parse(cells["time"] as string) / 1000,
        Date.parse(cells["segmentStart"] as string) / 1000,
      );
    }
    old.close();

    const store = openSqliteStore(path);
    expect(store.migrations).toEqual([
      { migrationName: "0004-sleep-device", status: "Success" },
      { migrationName: "0005-far-dated-nights", status: "Success" },
    ]);
    expect(sqliteHandle(store).database.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    const streamed: StoredRow[] = [];
    for await (const row of store.rows({ dataset: "sleep", userId: "1" })) streamed.push(row);
    expect(streamed.map((r) => JSON.stringify(r)).sort()).toEqual(
      rows.map((r) => JSON.stringify(r)).sort(),
    );
    expect(await store.recordKeys("1", "sleep", 0, 2e9)).toEqual(
      [...new Set(rows.map((r) => recordKeyOf("sleep", r)))].sort(),
    );
    expect(await store.apply({ userId: "1", dataset: "sleep", upsert: rows })).toEqual({
      added: 0,
      changed: 0,
      deleted: 0,
    });
    // A second device's segment at the same start is now a record of its own.
    const twin = rows.slice(0, 1).map((r) => ({ ...r, model_id: 63, hash_deviceid: "mat" }));
    expect(await store.apply({ userId: "1", dataset: "sleep", upsert: twin })).toEqual({
      added: 1,
      changed: 0,
      deleted: 0,
    });
    await store.close();
  });
});

describe("migration 0005 (far-dated nights get a unit)", () => {
  it("gives a dirty unit to each stored night dated days from itself that has none, and only those", async () => {
    const path = join(tempDir(), "nights.db");
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    expect(migrateSqlite(old, SQLITE_MIGRATIONS.slice(0, 4)).error).toBeUndefined();
    const night = (id: number, date: string, start: string, end: string) => ({
      id,
      date,
      startdate: start,
      enddate: end,
      timezone: "Asia/Tokyo",
    });
    const nights = [
      // Dated the day it ends: found by date, needs nothing.
      night(1, "2026-01-06", "2026-01-05T14:00:00Z", "2026-01-05T22:00:00Z"),
      // Dated six days later, with no unit (an earlier version dropped it): gets one.
      night(2, "2026-01-12", "2026-01-06T14:00:00.000Z", "2026-01-06T22:00:00Z"),
      // Dated far too, but its unit is there: kept as it is.
      night(3, "2025-12-01", "2026-01-07T14:00:00Z", "2026-01-07T22:00:00Z"),
      // No usable window: no unit can cover it.
      night(4, "2026-02-01", "not a time", "2026-01-08T22:00:00Z"),
    ];
    const insert = old.prepare(
      "INSERT INTO sleep_summaries (user_id, id, date, timezone, startdate, enddate, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    for (const n of nights) {
      insert.run(
        "1",
        n.id,
        n.date,
        n.timezone,
        n.startdate,
        n.enddate,
        Date.parse(`${n.date}T00:00:00Z`) / 1000,
      );
    }
    old
      .prepare(
        `INSERT INTO detail_units (user_id, dataset, key, start, "end", dirty, fetched_at, settle_at)
         VALUES ('1', 'sleep', '3', 5, 6, 0, 7, NULL)`,
      )
      .run();
    old.close();

    const store = openSqliteStore(path);
    expect(store.migrations).toEqual([
      { migrationName: "0005-far-dated-nights", status: "Success" },
    ]);
    const start = Date.parse("2026-01-06T14:00:00Z") / 1000;
    const end = Date.parse("2026-01-06T22:00:00Z") / 1000;
    expect(await store.units("1", "sleep")).toEqual([
      { dataset: "sleep", key: "3", start: 5, end: 6, dirty: false, fetchedAt: 7, settleAt: null },
      {
        dataset: "sleep",
        key: "2",
        start,
        end: end + 1,
        dirty: true,
        fetchedAt: null,
        settleAt: null,
      },
    ]);
    await store.close();
  });
});

describe("SqliteStore.lock across connections", () => {
  it("gives a user's lease to one of two stores sharing a file, atomically", async () => {
    const path = join(tempDir(), "lock.db");
    const a = openSqliteStore(path);
    const b = openSqliteStore(path, { busyTimeoutMs: 50 });
    expect(await a.lock("1", "a", { now: 100, leaseSeconds: 10 })).toEqual({ acquired: true });
    expect(await b.lock("1", "b", { now: 101, leaseSeconds: 10 })).toEqual({
      acquired: false,
      holder: "a",
      since: 100,
      expiresAt: 110,
    });
    // While another connection holds the write lock, taking a lease waits, then fails busy.
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      const error = await b.lock("2", "b", { now: 101, leaseSeconds: 10 }).catch((e) => e);
      expect(error.code).toBe("STORE_BUSY");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await a.unlock("1", "a");
    expect(await b.lock("1", "b", { now: 102, leaseSeconds: 10 })).toEqual({ acquired: true });
    await a.close();
    await b.close();
  });
});

describe("sqliteHandle (@withings-kit/sync/internal)", () => {
  it("gives the connection of an open store, which has no public getter for it", async () => {
    const store = openSqliteStore(":memory:");
    const { database, kysely } = sqliteHandle(store);
    expect(database.prepare("SELECT count(*) FROM vitals").pluck().get()).toBe(0);
    expect(await kysely.selectFrom("sync_state").selectAll().execute()).toEqual([]);
    expect("database" in store).toBe(false);
    expect("kysely" in store).toBe(false);
    await store.close();
    expect(thrown(() => sqliteHandle(store)).code).toBe("STORE_CLOSED");
  });

  it("refuses anything but a SqliteStore with ERR_INVALID_ARG_TYPE", () => {
    for (const value of [undefined, null, {}, { database: new Database(":memory:") }]) {
      const error = thrown(() => sqliteHandle(value as unknown as SqliteStore));
      expect(error).toBeInstanceOf(WithingsArgumentError);
      expect(error.code).toBe("ERR_INVALID_ARG_TYPE");
    }
  });
});
