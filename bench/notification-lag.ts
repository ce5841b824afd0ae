/**
 * Notification-to-database lag for a study of 50 participants under the standard quota
 * (120 requests a minute, app-wide), and the requests notification-driven syncs use,
 * against the minimum for the same changes and against a polling-only deployment of the
 * same freshness. Everything runs in-process on the sandbox's virtual clock: the sandbox
 * delivers each notification to the service's webhook, the worker syncs, and simulated time
 * moves through the rate limiter's waits, so the lag is what the quota imposes, not what
 * this machine's speed does.
 *
 * Readings arrive as a Poisson stream (default 300 in 2 hours, blood pressure pairs from
 * random participants). A reading's lag is the time from its upload to the end of the job
 * that stored it. Each API call costs `--latency-ms` of simulated time (a round trip to the
 * cloud; 200 ms by default) and jobs run one after another, so the lag is what the quota and
 * the round trips impose, not what this machine's speed does. Prints one JSON object.
 *
 *   node --conditions=source --import tsx bench/notification-lag.ts [--users 50] [--readings 300] [--hours 2] [--seed 7]
 */
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox } from "@withings-kit/sandbox";
import { createService, type Service } from "@withings-kit/server";
import { RequestMeter } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    readings: { type: "string", default: "300" },
    hours: { type: "string", default: "2" },
    seed: { type: "string", default: "7" },
    "latency-ms": { type: "string", default: "200" },
  },
});
const USERS = Number(values.users);
const READINGS = Number(values.readings);
const HOURS = Number(values.hours);
const SEED = Number(values.seed);
const LATENCY = Number(values["latency-ms"]) / 1000;
const TOKEN = "bench-lag-webhook-token-0123456789";
const START = Date.UTC(2026, 0, 14, 8) / 1000;

let service: Service | undefined;
const sandbox = createSandbox({
  seed: SEED,
  clock: "virtual",
  startTime: START,
  rateLimit: { limit: 120, windowSeconds: 60 },
  outboundFetch: (request) => service!.fetch(request),
});
const meter = new RequestMeter();
const client = createWithingsClient({
  clientId: sandbox.defaultApp.clientId,
  clientSecret: sandbox.defaultApp.clientSecret,
  // Each API call takes LATENCY of simulated time, as a round trip to the cloud would.
  fetch: (request) => {
    sandbox.clock.advance(LATENCY);
    return sandbox.fetch(request);
  },
  clock: sandbox.clock,
  rateLimiter: new TokenBucket({ clock: sandbox.clock, limit: 120, windowMs: 60_000 }),
  onEvent: meter.onEvent,
});
const store = openSqliteStore(":memory:");
const done = new Map<string, number>();
const retries: string[] = [];
service = createService({
  store,
  client,
  webhookToken: TOKEN,
  clock: sandbox.clock,
  publicUrl: "https://kit.example",
  fetch: (request) => service!.fetch(request),
  onJob: (e) => {
    if (e.type === "done") done.set(e.job.userId, sandbox.clock.now() / 1000);
    else retries.push(e.error);
  },
});
const now = () => sandbox.clock.now() / 1000;

const users: string[] = [];
for (let i = 0; i < USERS; i++) {
  const answer = sandbox.createUser({ profile: "empty", years: 0, timezone: "Europe/Paris" });
  await client.saveTokens(answer);
  users.push(answer.userid);
}
await service.keeper!.keep();
await service.catchUp.tick();
await service.worker.drain();

// The stream: Poisson arrivals over the window, a random participant each, at whole
// seconds (the clock keeps milliseconds). fast-check's samplers lean to small values on
// purpose, so a plain seeded generator draws the gaps.
const random = mulberry32(SEED);
const mean = (HOURS * 3600) / READINGS;
let t = now();
const events = Array.from({ length: READINGS }, () => {
  t += -Math.log(1 - random()) * mean;
  return { at: Math.ceil(t), user: users[Math.floor(random() * USERS)]! };
});

const before = meter.total;
const lags: number[] = [];
const waiting = new Map<string, number[]>();
let jobs = 0;
let next = 0;
while (next < events.length || waiting.size > 0) {
  if (waiting.size === 0 && now() < events[next]!.at) sandbox.clock.set(events[next]!.at);
  while (next < events.length && events[next]!.at <= now()) {
    const e = events[next++]!;
    await sandbox.editData({
      userid: e.user,
      change: {
        op: "add",
        dataset: "measures",
        record: {
          date: Math.floor(e.at) - 30,
          measures: [
            { value: 118 + (next % 30), type: 10, unit: 0 },
            { value: 76 + (next % 15), type: 9, unit: 0 },
          ],
        },
      },
    });
    waiting.set(e.user, [...(waiting.get(e.user) ?? []), e.at]);
  }
  done.clear();
  const ran = await service.worker.drain();
  jobs += ran;
  // A job waiting for its retry: let time pass to it.
  if (ran === 0 && waiting.size > 0) sandbox.clock.advance(5);
  for (const [user, at] of done) {
    for (const uploaded of waiting.get(user) ?? []) lags.push(at - uploaded);
    waiting.delete(user);
  }
}
const used = meter.total - before;
const pct = (p: number) => {
  const s = [...lags].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};
// The fewest requests for the same changes: one getmeas per job that stored readings.
const minimum = jobs;
// A polling-only deployment with the same median freshness polls every participant every
// p50 seconds, one getmeas at least each time.
const span = HOURS * 3600;
const polling = Math.ceil((USERS * span) / Math.max(1, pct(50)));
await service.close();
await store.close();
sandbox.close();
console.log(
  JSON.stringify(
    {
      users: USERS,
      latencyMs: LATENCY * 1000,
      readings: READINGS,
      hours: HOURS,
      jobs,
      retries: retries.length,
      firstRetry: retries[0] ?? null,
      lagSeconds: { p50: pct(50), p99: pct(99), max: pct(100) },
      requests: used,
      minimum,
      ratioToMinimum: Math.round((used / minimum) * 100) / 100,
      pollingForSameP50: polling,
      ratioToPolling: Math.round((used / polling) * 1000) / 1000,
    },
    null,
    2,
  ),
);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}
