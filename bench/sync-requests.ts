/**
 * Requests of a full sync of one vitals-study user (5 years by default) divided by the fewest
 * the data allows (`minimumRequests`: pages of each list at the cloud's page sizes, one
 * request per day of intraday samples, night of sleep detail and ECG signal, plus devices and
 * goals), and the number of 601 answers. Target: ratio ≤ 1.05, zero 601.
 *
 *   node --conditions=source --import tsx bench/sync-requests.ts [--years N] [--seed S] [--cloud odd|observed]
 *
 * `--cloud odd` (the default) plays a cloud whose page sizes are none of the ones the
 * client's endpoint table records, with offsets at page boundaries and `more` hidden on a
 * third of the pages: the engine must not depend on knowing any of it. `observed` plays the
 * page sizes observed on the live API (reference §1.13).
 *
 * The sandbox runs in-process on its virtual clock with the real quota (120 requests a
 * minute, app-wide) and the client's default limiter: simulated time advances through the
 * rate-limit waits, so the run is fast in real time while the quota is honoured. The minimum
 * is computed from what the sync stored, which the end-to-end tests check equals the
 * sandbox's data. Prints one JSON object.
 */
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { type CloudBehaviour, createSandbox } from "@withings-kit/sandbox";
import { createSyncEngine, RequestMeter, SYNC_DATASETS } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { DataVolumeTally, minimumRequests } from "@withings-kit/sync/testing";

const { values } = parseArgs({
  options: {
    years: { type: "string", default: "5" },
    seed: { type: "string", default: "42" },
    cloud: { type: "string", default: "odd" },
  },
});
const years = Number(values.years);
const start = Date.UTC(2026, 0, 14, 12) / 1000;

const ODD: CloudBehaviour = {
  pageSizes: {
    "measure.getmeas": 1000,
    "measure.getactivity": 150,
    "measure.getworkouts": 77,
    "heart.list": 50,
    "sleep.getsummary": 120,
  },
  offsets: "page-boundary",
  hiddenMore: 0.3,
};
const cloud = values.cloud === "observed" ? {} : ODD;
const sandbox = createSandbox({
  seed: Number(values.seed),
  clock: "virtual",
  startTime: start,
  cloud,
});
const meter = new RequestMeter();
const client = createWithingsClient({
  clientId: sandbox.defaultApp.clientId,
  clientSecret: sandbox.defaultApp.clientSecret,
  fetch: (request) => sandbox.fetch(request),
  clock: sandbox.clock,
  // The default quota: 120 requests a minute, the sandbox's default too.
  rateLimiter: new TokenBucket({ clock: sandbox.clock }),
  onEvent: meter.onEvent,
});
const tokens = sandbox.createUser({ profile: "vitals-study", years });
await client.saveTokens(tokens);
const store = openSqliteStore(":memory:");
const engine = createSyncEngine({ client, store, clock: sandbox.clock, meter });

const realStart = performance.now();
const report = await engine.run();
const realMs = performance.now() - realStart;

// What the minimum depends on, from what was stored.
const userId = tokens.userid;
const tally = new DataVolumeTally();
for (const dataset of SYNC_DATASETS) {
  for await (const row of store.rows({ dataset, userId })) tally.add(dataset, row);
}
const volume = tally.volume();
// The fewest requests at the cloud's own page sizes, not the client's table's.
const minimum = minimumRequests(volume, sandbox.cloud().pageSizes);
const stats = sandbox.stats();
const requestsByDataset: Record<string, number> = {};
for (const d of report.users[0]?.datasets ?? []) requestsByDataset[d.dataset] = d.requests;

console.log(
  JSON.stringify(
    {
      benchmark: "sync-requests",
      years,
      cloud: values.cloud,
      ok: report.ok,
      requests: stats.requests.total,
      minimum: minimum.total,
      ratio: Number((stats.requests.total / minimum.total).toFixed(4)),
      tooManyRequests: stats.tooManyRequests.total,
      retries: meter.retries,
      requestsByDataset,
      minimumByDataset: minimum.byDataset,
      volume,
      rowsStored: Object.values(await store.counts(userId)).reduce((a, b) => a + (b ?? 0), 0),
      simulatedMinutes: Number((report.durationMs / 60_000).toFixed(1)),
      realSeconds: Number((realMs / 1000).toFixed(1)),
    },
    null,
    2,
  ),
);
await store.close();
sandbox.close();
