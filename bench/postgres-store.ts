/**
 * Rows written per second into PostgreSQL through `PostgresStore.apply` (the sync's write
 * path: row checks and encoding, records made unique, one `INSERT … SELECT FROM unnest(…)
 * ON CONFLICT DO UPDATE … WHERE … IS DISTINCT FROM …` per batch that tells added from
 * changed, each measure group written whole, one transaction per batch), measured against a
 * bare `pg` bulk insert of the same rows, in the same run: one multi-row `INSERT … SELECT
 * FROM unnest($1::type[], …)` per batch, a transaction per batch, no conflict handling, the
 * same columns, into a copy of the store's table (`LIKE … INCLUDING ALL`: same types, key
 * and indexes). Target (issue "PostgreSQL store"): the store reaches at least half the bare
 * rate. A replay (the same rows through the store again, all unchanged: what most sync pages
 * are) is reported as a second ratio, against the same bare insert.
 *
 * Two datasets, in the batches the engine writes: measures from synthetic getmeas pages
 * (4,096 groups a page, the largest page seen, reference §1.13; one apply per page) and a
 * sandbox vitals-study user's intraday samples (one apply per day window). Each round
 * empties the tables, then times the bare insert and the store (their order alternating
 * between rounds, so that machine slowdowns hit both alike), then the replay. The first
 * round warms up and is not counted.
 *
 *   node --conditions=source --import tsx bench/postgres-store.ts [--rounds 7]
 *     [--groups 8192] [--days 120]
 *
 * Needs PostgreSQL (WITHINGS_KIT_TEST_DATABASE_URL, else 127.0.0.1:5432 as user postgres);
 * works in a throwaway schema, dropped at the end. Prints one JSON object.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createWithingsClient, type GetMeasBody, type RowOf, toRows } from "@withings-kit/client";
import { endpoints } from "@withings-kit/client/internal";
import { decoders } from "@withings-kit/client/testing";
import { createSandbox } from "@withings-kit/sandbox";
import { PostgresStore } from "@withings-kit/sync/postgres";
import { datasetTables } from "@withings-kit/sync/testing";
import pg from "pg";
import { median } from "./stats.js";
import { syntheticMeasGroup } from "./synthetic-meas-group.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    groups: { type: "string", default: "8192" },
    days: { type: "string", default: "120" },
  },
});
const ROUNDS = Number(values.rounds);
const GROUPS = Number(values.groups);
const DAYS = Number(values.days);
// The largest getmeas page seen (reference §1.13): the sync applies one batch per page.
const PAGE = 4096;
const database =
  process.env["WITHINGS_KIT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Dataset = "measures" | "intraday";
type Row = Readonly<Record<string, unknown>>;

// Rows made up front: the bench times writes, not decoding or normalisation.
const measurePages: RowOf<"measures">[][] = [];
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
  measurePages.push(toRows("measures", body));
}

// A sandbox user's samples, one batch per day as the engine fetches and applies them.
const start = Date.UTC(2026, 0, 14, 12) / 1000;
const sandbox = createSandbox({ seed: 7, clock: "virtual", startTime: start, rateLimit: false });
const client = createWithingsClient({
  clientId: sandbox.defaultApp.clientId,
  clientSecret: sandbox.defaultApp.clientSecret,
  fetch: (request) => sandbox.fetch(request),
  clock: sandbox.clock,
});
const tokens = sandbox.createUser({ profile: "vitals-study", years: 1 });
await client.saveTokens(tokens);
const intradayDays: RowOf<"intraday">[][] = [];
for (let d = DAYS; d >= 1; d--) {
  const from = start - 86_400 * (d + 1);
  const body = await client.user(tokens.userid).getIntradayActivity({
    startdate: from,
    enddate: from + 86_399,
    data_fields: endpoints["measure.getintradayactivity"].dataFields,
  });
  const rows = toRows("intraday", body, { timezone: "Europe/Paris" });
  if (rows.length > 0) intradayDays.push(rows);
}

const batches: Record<Dataset, readonly (readonly Row[])[]> = {
  measures: measurePages as unknown as Row[][],
  intraday: intradayDays as unknown as Row[][],
};
const DATASETS: readonly Dataset[] = ["measures", "intraday"];
const rowCount = (d: Dataset): number => batches[d].reduce((n, b) => n + b.length, 0);

const admin = new pg.Pool({ connectionString: database, max: 1 });
const schema = `bench_${randomBytes(5).toString("hex")}`;
await admin.query(`CREATE SCHEMA ${schema}`);
const pool = new pg.Pool({ connectionString: database, options: `-c search_path=${schema}` });

/** A bare writer of one dataset: the columns of the store's table, and how a row fills them. */
interface Bare {
  readonly sql: string;
  readonly fill: (rows: readonly Row[]) => unknown[][];
}

// The store's derived columns, computed the plain way: no synthetic group repeats a
// (category, type, position), so every occurrence is 0.
const derived: Record<string, (row: Row) => unknown> = {
  position_key: (row) => (row["position"] === null ? "" : String(row["position"])),
  occurrence: () => 0,
  at: (row) => Date.parse((row["date"] ?? row["time"]) as string) / 1000,
};

async function bareWriter(dataset: Dataset): Promise<Bare> {
  await pool.query(`CREATE TABLE bare_${dataset} (LIKE ${dataset} INCLUDING ALL)`);
  const { rows } = await pool.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`bare_${dataset}`],
  );
  const cells = rows.filter((c) => c.name !== "user_id");
  const keyOf = new Map(datasetTables[dataset].columns.map((c) => [c.column, c.key]));
  const getters = cells.map((c) => {
    const key = keyOf.get(c.name);
    if (key !== undefined) return (row: Row) => row[key] ?? null;
    const derive = derived[c.name];
    if (derive === undefined) throw new Error(`bare_${dataset}: no value for ${c.name}`);
    return derive;
  });
  const names = ["user_id", ...cells.map((c) => c.name)].map((n) => `"${n}"`).join(", ");
  const unnest = cells.map((c, i) => `$${i + 2}::${c.type}[]`).join(", ");
  return {
    sql: `INSERT INTO bare_${dataset} (${names}) SELECT $1, * FROM unnest(${unnest})`,
    fill: (batch) => getters.map((get) => batch.map(get)),
  };
}

// A connection ended from outside (a server restart) must not crash the run: the query on
// it fails instead, and the run says so.
pool.on("error", () => undefined);
let store: PostgresStore | undefined;
let bareClient: pg.PoolClient | undefined;
try {
  store = await PostgresStore.open(pool);
  const bare: Record<Dataset, Bare> = {
    measures: await bareWriter("measures"),
    intraday: await bareWriter("intraday"),
  };
  const writer = await pool.connect();
  bareClient = writer;

  async function timeBare(dataset: Dataset, userId: string): Promise<number> {
    const { sql, fill } = bare[dataset];
    const begin = performance.now();
    for (const batch of batches[dataset]) {
      await writer.query("BEGIN");
      await writer.query(sql, [userId, ...fill(batch)]);
      await writer.query("COMMIT");
    }
    return (performance.now() - begin) / 1000;
  }

  async function timeStore(
    dataset: Dataset,
    userId: string,
    expect: "added" | "unchanged",
  ): Promise<number> {
    const s = store as PostgresStore;
    let added = 0;
    let changed = 0;
    const begin = performance.now();
    for (const batch of batches[dataset]) {
      const result = await s.apply({ userId, dataset, upsert: batch as never });
      added += result.added;
      changed += result.changed;
    }
    const seconds = (performance.now() - begin) / 1000;
    // What was written, not how fast: a store that skipped rows would look fast.
    const want = expect === "added" ? rowCount(dataset) : 0;
    if (added !== want || changed !== 0) {
      throw new Error(`${dataset} ${expect}: added ${added}, changed ${changed}`);
    }
    return seconds;
  }

  type Times = Record<Dataset, number>;
  const runs: { bare: Times; store: Times; replay: Times }[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    await pool.query(
      "TRUNCATE measures, intraday, sync_state, detail_units, bare_measures, bare_intraday",
    );
    const userId = `bench-${round}`;
    const times = {
      bare: { measures: 0, intraday: 0 },
      store: { measures: 0, intraday: 0 },
      replay: { measures: 0, intraday: 0 },
    };
    for (const dataset of DATASETS) {
      if (round % 2 === 0) {
        times.bare[dataset] = await timeBare(dataset, userId);
        times.store[dataset] = await timeStore(dataset, userId, "added");
      } else {
        times.store[dataset] = await timeStore(dataset, userId, "added");
        times.bare[dataset] = await timeBare(dataset, userId);
      }
      times.replay[dataset] = await timeStore(dataset, userId, "unchanged");
    }
    // Round 0 warms both paths up.
    if (round > 0) runs.push(times);
  }
  const { rows: versions } = await pool.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );

  const range = (xs: readonly number[], digits: number) => ({
    min: Number(Math.min(...xs).toFixed(digits)),
    median: Number(median(xs).toFixed(digits)),
    max: Number(Math.max(...xs).toFixed(digits)),
  });
  const total = (t: Times): number => t.measures + t.intraday;
  const part = (pick: (t: Times) => number, rows: number) => ({
    storeRowsPerSecond: range(
      runs.map((r) => rows / pick(r.store)),
      0,
    ),
    bareRowsPerSecond: range(
      runs.map((r) => rows / pick(r.bare)),
      0,
    ),
    replayRowsPerSecond: range(
      runs.map((r) => rows / pick(r.replay)),
      0,
    ),
    ratio: range(
      runs.map((r) => pick(r.bare) / pick(r.store)),
      2,
    ),
    replayRatio: range(
      runs.map((r) => pick(r.bare) / pick(r.replay)),
      2,
    ),
  });
  console.log(
    JSON.stringify(
      {
        bench: "postgres-store",
        postgres: versions[0]?.v,
        rounds: runs.length,
        measures: {
          rows: rowCount("measures"),
          batches: batches.measures.length,
          ...part((t) => t.measures, rowCount("measures")),
        },
        intraday: {
          rows: rowCount("intraday"),
          batches: batches.intraday.length,
          ...part((t) => t.intraday, rowCount("intraday")),
        },
        all: {
          rows: rowCount("measures") + rowCount("intraday"),
          batches: batches.measures.length + batches.intraday.length,
          ...part(total, rowCount("measures") + rowCount("intraday")),
        },
        target: "ratio >= 0.5",
      },
      null,
      2,
    ),
  );
} finally {
  // Destroyed, not pooled: it may be mid-transaction if a round failed.
  bareClient?.release(true);
  await store?.close();
  await pool.end();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
