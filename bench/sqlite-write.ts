// Rows written per second into a SQLite file through `store.apply` (the sync's write path:
// validation, keyed upserts that tell added from changed, each measure group written whole,
// sync state, one transaction per page), measured against a bare better-sqlite3 prepared
// INSERT of the same rows, in one transaction, into an equivalent table (the store's own
// DDL), in the same run. Target (issue 4): the store reaches at least half the bare insert
// rate.
//
//   node --conditions=source --import tsx bench/sqlite-write.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GetMeasBody, type RowOf, toRows } from "@withings-kit/client";
import { decoders } from "@withings-kit/client/testing";
import { sqliteHandle } from "@withings-kit/sync/internal";
import Database from "better-sqlite3";
import { openSqliteStore } from "../packages/sync/src/sqlite.js";
import { datasetTables } from "../packages/sync/src/testing.js";
import { median } from "./stats.js";
import { syntheticMeasGroup } from "./synthetic-meas-group.js";

const GROUPS = 40_960;
// The largest getmeas page seen (reference §1.13): the sync applies one batch per page.
const PAGE = 4096;
const ROUNDS = 5;

// Pages decoded and flattened up front: the bench times writes, not normalisation.
const pages: RowOf<"measures">[][] = [];
for (let first = 0; first < GROUPS; first += PAGE) {
  const raw = {
    updatetime: 1_700_000_100,
    timezone: "Europe/Berlin",
    measuregrps: Array.from({ length: Math.min(PAGE, GROUPS - first) }, (_, i) =>
      syntheticMeasGroup(first + i),
    ),
    more: 0,
    offset: 0,
  };
  const body: GetMeasBody = decoders["measure.getmeas"](JSON.parse(JSON.stringify(raw)));
  pages.push(toRows("measures", body));
}
const rows = pages.flat();

const dir = mkdtempSync(join(tmpdir(), "withings-kit-bench-"));
let run = 0;

async function timeStore(): Promise<number> {
  const store = openSqliteStore(join(dir, `store-${run++}.db`));
  const start = process.hrtime.bigint();
  for (const page of pages) {
    await store.apply({
      userId: "42",
      dataset: "measures",
      upsert: page,
      state: { cursor: 1_700_000_100 },
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return rows.length / seconds;
}

// The equivalent table: the DDL the store's migration created (same columns, key, index).
const probe = openSqliteStore(":memory:");
const ddl = sqliteHandle(probe)
  .database.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'measures' AND sql IS NOT NULL")
  .pluck()
  .all() as string[];
await probe.close();
const columns = [
  "user_id",
  ...datasetTables.measures.columns.map((c) => c.column),
  "position_key",
  "occurrence",
  "at",
];
const keys = datasetTables.measures.columns.map((c) => c.key);

function timeBare(): number {
  const db = new Database(join(dir, `bare-${run++}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  for (const statement of ddl) db.exec(statement);
  const insert = db.prepare(
    `INSERT INTO measures (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
  );
  const start = process.hrtime.bigint();
  db.transaction(() => {
    for (const row of rows) {
      const record = row as unknown as Readonly<Record<string, unknown>>;
      const params: unknown[] = ["42"];
      for (const key of keys) {
        const value = record[key];
        params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
      }
      // No synthetic group repeats a (type, position), so every row is occurrence 0.
      params.push(
        row.position === null ? "" : String(row.position),
        0,
        Date.parse(row.date as string) / 1000,
      );
      insert.run(params);
    }
  })();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows.length / seconds;
}

try {
  // Warm both paths, then alternate so that machine noise hits both alike.
  await timeStore();
  timeBare();
  const store: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    store.push(await timeStore());
    bare.push(timeBare());
  }
  const s = median(store);
  const b = median(bare);
  console.log(
    JSON.stringify(
      {
        bench: "sqlite-write",
        rows: rows.length,
        batches: pages.length,
        storeRowsPerSecond: Math.round(s),
        bareRowsPerSecond: Math.round(b),
        ratio: Number((s / b).toFixed(2)),
        target: ">= 0.5",
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
