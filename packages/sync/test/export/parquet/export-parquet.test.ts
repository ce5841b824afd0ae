import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowOf } from "@withings-kit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  exportParquet,
  parquetColumns,
  SYNC_DATASETS,
  type SyncDataset,
} from "../../../src/index.js";
import { openSqliteStore, type SqliteStore } from "../../../src/sqlite.js";
import { createWorld, type World } from "../../engine/helpers/setup.js";
import { realRows } from "../../store/real-rows.js";
import { type Duck, openDuck, quote } from "./duckdb-reader.js";

// Two sandbox users synced by the engine, as a real database holds them, and a third user
// holding the rows of our own answers (real-rows.ts): objectives, exponents down to -3,
// ids past 2^31.
const ANSWERS_USER = "31234567";
const NON_ASCII = "Balance connectée ⚖ 体重計";

let dir: string;
let store: SqliteStore;
let world: World;
let duck: Duck;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "withings-kit-parquet-"));
  store = openSqliteStore(join(dir, "withings.db"));
  world = createWorld({ seed: 11, store });
  for (const profile of ["vitals-study", "scale-only"] as const) {
    await world.client.saveTokens(world.sandbox.createUser({ profile, years: 0.2 }));
  }
  expect((await world.engine.run({})).ok).toBe(true);
  const answers = realRows();
  for (const dataset of SYNC_DATASETS) {
    const upsert =
      dataset === "devices"
        ? [...answers.devices, { ...answers.devices[0]!, deviceid: "f00d", modelName: NON_ASCII }]
        : answers[dataset];
    await store.apply({ userId: ANSWERS_USER, dataset, upsert });
  }
  duck = await openDuck();
}, 120_000);

afterAll(async () => {
  duck?.close();
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exportToFile(dataset: SyncDataset, rowGroupRows?: number): Promise<string> {
  const file = join(dir, `${dataset}-${rowGroupRows ?? "default"}.parquet`);
  await exportParquet(
    store,
    { dataset, ...(rowGroupRows === undefined ? {} : { rowGroupRows }) },
    createWriteStream(file),
  );
  return file;
}

/** What DuckDB should read back for a stored cell, in the shape the SELECT below asks for. */
function expected(type: string, cell: unknown): unknown {
  if (cell === null) return null;
  if (type === "TIMESTAMP") return BigInt(Date.parse(cell as string));
  if (type === "INT64") return BigInt(cell as number);
  return cell;
}

const DUCK_TYPES: Readonly<Record<string, string>> = {
  STRING: "VARCHAR",
  TIMESTAMP: "TIMESTAMP WITH TIME ZONE",
  DATE: "DATE",
  TIME: "TIME",
  INT64: "BIGINT",
  INT32: "INTEGER",
  DOUBLE: "DOUBLE",
  BOOLEAN: "BOOLEAN",
};

describe("exportParquet read back by DuckDB", () => {
  it("has the rows the tests need", async () => {
    const users = await store.users();
    expect(users.length).toBeGreaterThanOrEqual(3);
    for (const dataset of SYNC_DATASETS) {
      expect((await store.counts())[dataset], dataset).toBeGreaterThan(0);
    }
    const units = new Set<number>();
    let bigId = false;
    for await (const row of store.rows({ dataset: "measures" })) {
      const measure = row as RowOf<"measures">;
      units.add(measure.rawUnit);
      if (measure.grpid > 2 ** 31) bigId = true;
    }
    expect(Math.min(...units)).toBeLessThan(0);
    expect(bigId).toBe(true);
  });

  for (const dataset of SYNC_DATASETS) {
    it(`${dataset}: every value of every row, the types and the nullability`, async () => {
      // Small row groups, so that most datasets span several and users straddle them.
      const file = await exportToFile(dataset, 1000);
      const columns = parquetColumns(dataset);

      const described = await duck.all(`DESCRIBE SELECT * FROM read_parquet(${quote(file)})`);
      expect(described.map((d) => [d["column_name"], d["column_type"]])).toEqual(
        columns.map((c) => [c.name, DUCK_TYPES[c.type]]),
      );
      const schema = await duck.all(
        `SELECT name, repetition_type FROM parquet_schema(${quote(file)}) WHERE num_children IS NULL`,
      );
      expect(schema.map((s) => [s["name"], s["repetition_type"]])).toEqual(
        columns.map((c) => [c.name, c.nullable ? "OPTIONAL" : "REQUIRED"]),
      );

      // Instants as epoch milliseconds, days and times as DuckDB's own text: the comparison
      // then rests on DuckDB's reading of the file, not on the writer's encoding.
      const select = columns
        .map((c) => {
          const id = `"${c.name}"`;
          if (c.type === "TIMESTAMP") return `epoch_ms(${id}) AS ${id}`;
          if (c.type === "DATE" || c.type === "TIME") return `CAST(${id} AS VARCHAR) AS ${id}`;
          return id;
        })
        .join(", ");
      const read = await duck.all(`SELECT ${select} FROM read_parquet(${quote(file)})`);

      const want: Record<string, unknown>[] = [];
      for (const userId of [...(await store.users())].sort()) {
        for await (const row of store.rows({ dataset, userId })) {
          const record = row as unknown as Record<string, unknown>;
          want.push(
            Object.fromEntries(
              columns.map((c) => [
                c.name,
                c.key === null ? userId : expected(c.type, record[c.key] ?? null),
              ]),
            ),
          );
        }
      }
      expect(read.length).toBe((await store.counts())[dataset]);
      expect(read).toEqual(want);
      // The comparison above covers nulls; this says it saw some (goals and ECG samples
      // have no nullable cell that is null).
      if (dataset !== "goals" && dataset !== "ecg_signal") {
        expect(read.some((r) => Object.values(r).includes(null))).toBe(true);
      }
    });
  }

  it("keeps non-ASCII text and ids past 2^31", async () => {
    const devices = await exportToFile("devices");
    const names = await duck.all(
      `SELECT model_name FROM read_parquet(${quote(devices)}) WHERE deviceid = 'f00d'`,
    );
    expect(names).toEqual([{ model_name: NON_ASCII }]);
    const measures = await exportToFile("measures");
    const [big] = await duck.all(
      `SELECT max(grpid) AS grpid, min(raw_unit) AS raw_unit FROM read_parquet(${quote(measures)})`,
    );
    expect(big?.["grpid"]).toBeGreaterThan(2n ** 31n);
    expect(big?.["raw_unit"]).toBeLessThan(0);
  });

  it("writes the meaning of the file in its key-value metadata", async () => {
    const file = await exportToFile("measures");
    const kv = await duck.all(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${quote(file)})`,
    );
    const entry = kv.find((e) => e["key"] === "withings_kit");
    expect(entry).toBeDefined();
    const info = JSON.parse(entry?.["value"] as string);
    expect(info).toMatchObject({
      format: "withings-kit-parquet",
      layout_version: 1,
      dataset: "measures",
      table: "measures",
      query: { user_id: null, from: null, to: null },
    });
    expect(info.row_layout).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(info.exported_at)).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));
    expect(info.columns.map((c: { name: string }) => c.name)).toEqual(
      parquetColumns("measures").map((c) => c.name),
    );
    for (const c of info.columns) expect(c.meaning.length, c.name).toBeGreaterThan(3);
    expect(info.notes.join(" ")).toContain("value = raw_value × 10^raw_unit");
    expect(info.measure_types["1"]).toEqual({ key: "weight", name: "Weight", unit: "kg" });
  });

  it("exports one user, and a range, when asked", async () => {
    const [first] = [...(await store.users())].sort();
    const file = join(dir, "one-user.parquet");
    const from = 1_700_000_000;
    const result = await exportParquet(
      store,
      { dataset: "intraday", userId: first!, from },
      createWriteStream(file),
    );
    let count = 0;
    for await (const _ of store.rows({ dataset: "intraday", userId: first!, from })) count++;
    expect(result.rows).toBe(count);
    const [row] = await duck.all(
      `SELECT count(*) AS n, count(DISTINCT user_id) AS users, min(user_id) AS u FROM read_parquet(${quote(file)})`,
    );
    expect(row).toEqual({
      n: BigInt(count),
      users: count === 0 ? 0n : 1n,
      u: count === 0 ? null : first,
    });
  });
});
