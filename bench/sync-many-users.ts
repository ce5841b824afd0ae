/**
 * Throughput of a sync of many users under one app-wide quota: 200 users against a sandbox
 * whose limit is raised to 6,000 requests a minute, with the client's limiter set the same.
 * Reports requests per minute achieved divided by the limit (target ≥ 0.9) and the 601
 * answers (target 0).
 *
 *   node --conditions=source --import tsx bench/sync-many-users.ts
 *     [--users 200] [--concurrency 50] [--min-latency-ms 100] [--max-latency-ms 300]
 *     [--store sqlite|postgres]
 *
 * `--store postgres` writes to a `PostgresStore` in a throwaway schema
 * (WITHINGS_KIT_TEST_DATABASE_URL, else 127.0.0.1:5432 as user postgres) instead of SQLite
 * in memory. `timeVsMinimum` is the simulated time of the whole sync ÷ the least the quota
 * allows for its requests (requests ÷ limit).
 *
 * Discrete-event simulation on the sandbox's virtual clock: every request takes a random
 * network latency of simulated time (uniform between the two bounds, waited with the
 * clock's `sleep`), the limiter waits in simulated time too, and nothing really sleeps, so
 * minutes of quota are measured in seconds. Without the latency the measure would be
 * trivial (in-process answers take no simulated time); with it, the engine must keep enough
 * users in flight (`concurrency`) to use the quota: 50 users at ~200 ms give ~250
 * requests/s of demand against the 100/s allowed.
 *
 * Each user is a one-year scale-only account, and the sandbox serves getmeas pages of 3
 * groups (about 175 requests per user, 35,000 in all, about six minutes of quota): a
 * workload of many small requests, so that the run measures the quota and not row writing.
 *
 * The limiter lets each spent request back one window (plus its 500 ms margin) later, so
 * demand above the quota goes out in bursts, a minute's worth at a time. `requestsPerMinute`
 * is therefore the mean over the complete minutes from the first request (`perMinute` lists
 * them); `overallRequestsPerMinute` (all requests over first-to-last) overstates it, since
 * the run ends right after a burst. Prints one JSON object.
 */

import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox } from "@withings-kit/sandbox";
import { createSyncEngine, type Store } from "@withings-kit/sync";
import { PostgresStore } from "@withings-kit/sync/postgres";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import pg from "pg";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "200" },
    concurrency: { type: "string", default: "50" },
    "min-latency-ms": { type: "string", default: "100" },
    "max-latency-ms": { type: "string", default: "300" },
    store: { type: "string", default: "sqlite" },
  },
});
const LIMIT = 6000;
const WINDOW_MS = 60_000;
const users = Number(values.users);
const minLatency = Number(values["min-latency-ms"]);
const maxLatency = Number(values["max-latency-ms"]);

const sandbox = createSandbox({
  seed: 42,
  clock: "virtual",
  startTime: Date.UTC(2026, 0, 14, 12) / 1000,
  rateLimit: { limit: LIMIT, windowSeconds: WINDOW_MS / 1000 },
  pageSizes: { "measure.getmeas": 3 },
});
const clock = sandbox.clock;
const sentAt: number[] = [];
// A seeded stream of latencies, so runs are repeatable.
let state = 12345;
const random = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
};
const client = createWithingsClient({
  clientId: sandbox.defaultApp.clientId,
  clientSecret: sandbox.defaultApp.clientSecret,
  clock,
  rateLimiter: new TokenBucket({ clock, limit: LIMIT, windowMs: WINDOW_MS }),
  fetch: async (request) => {
    await clock.sleep(minLatency + (maxLatency - minLatency) * random());
    return sandbox.fetch(request);
  },
  onEvent: (event) => {
    if (event.type === "request") sentAt.push(clock.now());
  },
});
for (let i = 0; i < users; i++) {
  await client.saveTokens(sandbox.createUser({ profile: "scale-only", years: 1 }));
}
const database =
  process.env["WITHINGS_KIT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const schema = `bench_${randomBytes(5).toString("hex")}`;
const admin =
  values.store === "postgres" ? new pg.Pool({ connectionString: database, max: 1 }) : undefined;
await admin?.query(`CREATE SCHEMA ${schema}`);
const store: Store =
  admin === undefined
    ? openSqliteStore(":memory:")
    : await PostgresStore.open(
        new pg.Pool({ connectionString: database, options: `-c search_path=${schema}` }),
        { ownsPool: true },
      );
const engine = createSyncEngine({ client, store, clock, concurrency: Number(values.concurrency) });

const realStart = performance.now();
const report = await engine.run();
const realMs = performance.now() - realStart;

const first = sentAt[0] ?? 0;
const last = sentAt.at(-1) ?? 0;
const minutes = Math.floor((last - first) / WINDOW_MS);
const perMinute = Array.from({ length: minutes }, () => 0);
for (const t of sentAt) {
  const m = Math.floor((t - first) / WINDOW_MS);
  if (m < minutes) perMinute[m] = (perMinute[m] ?? 0) + 1;
}
const meanPerMinute = perMinute.reduce((a, b) => a + b, 0) / Math.max(1, minutes);
// The busiest sliding minute: never above the limit, or the sandbox would have said 601.
let busiest = 0;
for (let i = 0, j = 0; i < sentAt.length; i++) {
  while ((sentAt[i] ?? 0) - (sentAt[j] ?? 0) >= WINDOW_MS) j++;
  busiest = Math.max(busiest, i - j + 1);
}
const stats = sandbox.stats();
console.log(
  JSON.stringify(
    {
      benchmark: "sync-many-users",
      clock: "virtual (discrete-event)",
      users,
      concurrency: Number(values.concurrency),
      latencyMs: [minLatency, maxLatency],
      store: values.store,
      limitPerMinute: LIMIT,
      ok: report.ok,
      failedUsers: report.totals.failedUsers,
      requests: stats.requests.total,
      simulatedMinutes: Number(((last - first) / WINDOW_MS).toFixed(2)),
      minimumMinutes: Number((stats.requests.total / LIMIT).toFixed(2)),
      timeVsMinimum: Number(
        ((last - first) / WINDOW_MS / (stats.requests.total / LIMIT)).toFixed(3),
      ),
      requestsPerMinute: Math.round(meanPerMinute),
      ratio: Number((meanPerMinute / LIMIT).toFixed(3)),
      perMinute,
      overallRequestsPerMinute: Math.round((sentAt.length / (last - first)) * WINDOW_MS),
      busiestSlidingMinute: busiest,
      tooManyRequests: stats.tooManyRequests.total,
      realSeconds: Number((realMs / 1000).toFixed(1)),
    },
    null,
    2,
  ),
);
await store.close();
await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
await admin?.end();
sandbox.close();
