// Rows exported per second as Parquet (`exportParquet`: typed columns, row groups of 64k
// rows, Snappy) against CSV (`exportRows`) of the same stored measure rows, in the same run,
// both into a writable that discards the bytes. The ratio parquet ÷ csv is what to read:
// absolute rates depend on the machine.
//
//   node --conditions=source --import tsx bench/parquet-export.ts

import { Writable } from "node:stream";
import { type GetMeasBody, toRows } from "@withings-kit/client";
import { decoders } from "@withings-kit/client/testing";
import { exportParquet, exportRows } from "../packages/sync/src/index.js";
import { openSqliteStore } from "../packages/sync/src/sqlite.js";
import { median } from "./stats.js";
import { syntheticMeasGroup } from "./synthetic-meas-group.js";

const TARGET_ROWS = 200_000;
const ROUNDS = 5;
const PAGE = 4096;

const store = openSqliteStore(":memory:");
let stored = 0;
for (let first = 0; stored < TARGET_ROWS; first += PAGE) {
  const raw = {
    updatetime: 1_700_000_100,
    timezone: "Europe/Berlin",
    measuregrps: Array.from({ length: PAGE }, (_, i) => syntheticMeasGroup(first + i)),
    more: 0,
    offset: 0,
  };
  const body: GetMeasBody = decoders["measure.getmeas"](JSON.parse(JSON.stringify(raw)));
  const rows = toRows("measures", body);
  await store.apply({ userId: "42", dataset: "measures", upsert: rows });
  stored += rows.length;
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

async function rate(run: () => Promise<{ rows: number; bytes: number }>) {
  const start = process.hrtime.bigint();
  const { rows, bytes } = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: rows / seconds, bytes };
}

const parquet: number[] = [];
const csv: number[] = [];
const ratios: number[] = [];
let sizes = { parquet: 0, csv: 0 };
for (let round = 0; round < ROUNDS; round++) {
  const p = await rate(() => exportParquet(store, { dataset: "measures" }, discard()));
  const c = await rate(() => exportRows(store, { dataset: "measures", format: "csv" }, discard()));
  parquet.push(p.perSecond);
  csv.push(c.perSecond);
  ratios.push(p.perSecond / c.perSecond);
  sizes = { parquet: p.bytes, csv: c.bytes };
}
await store.close();

const fmt = (values: number[], digits = 0) =>
  `min ${Math.min(...values).toFixed(digits)} / median ${median(values).toFixed(digits)} / max ${Math.max(...values).toFixed(digits)}`;
console.log(`${stored} measure rows, ${ROUNDS} rounds`);
console.log(`parquet rows/s: ${fmt(parquet)}  (${(sizes.parquet / 1e6).toFixed(1)} MB)`);
console.log(`csv rows/s:     ${fmt(csv)}  (${(sizes.csv / 1e6).toFixed(1)} MB)`);
console.log(`parquet ÷ csv:  ${fmt(ratios, 2)}`);
