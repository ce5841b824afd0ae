/**
 * What the history sweep costs and what it buys, for one vitals-study user (5 years by
 * default) synced once a day: the requests a day with the sweep (`sweepDays` 7) minus those
 * of the same days without it (`sweepDays` 0), measured side by side on two identical
 * sandboxes, and the days until a change deep in the history (an old weigh-in deleted, an
 * ECG uploaded months late) reaches the database, which without the sweep is never.
 * The old weigh-in is the oldest of the first half of the history.
 *
 *   node --conditions=source --import tsx bench/sweep-cost.ts [--years N] [--days D] [--seed S]
 *
 * Both worlds run on the sandbox's virtual clock with the real quota (120 requests a
 * minute); new data keeps arriving every day as the synthetic user lives on. Prints one JSON
 * object: requests per day of each world (min/median/max over the days after the first full
 * sync), the difference, and the days to reflect each old change.
 */
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox, type Sandbox } from "@withings-kit/sandbox";
import { createSyncEngine, type Store, type SyncEngine } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    years: { type: "string", default: "5" },
    days: { type: "string", default: "21" },
    seed: { type: "string", default: "42" },
  },
});
const years = Number(values.years);
const days = Number(values.days);
const DAY = 86_400;
const start = Date.UTC(2026, 0, 14, 6) / 1000;

interface World {
  readonly sandbox: Sandbox;
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly userId: string;
}

async function world(sweepDays: number): Promise<World> {
  const sandbox = createSandbox({ seed: Number(values.seed), clock: "virtual", startTime: start });
  const client = createWithingsClient({
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: (request) => sandbox.fetch(request),
    clock: sandbox.clock,
    rateLimiter: new TokenBucket({ clock: sandbox.clock }),
  });
  const tokens = sandbox.createUser({ profile: "vitals-study", years });
  await client.saveTokens(tokens);
  const store = openSqliteStore(":memory:");
  const engine = createSyncEngine({ client, store, clock: sandbox.clock, sweepDays });
  return { sandbox, store, engine, userId: tokens.userid };
}

async function has(store: Store, userId: string, dataset: "measures" | "ecg", key: string) {
  const now = Date.now() / 1000 + 100 * 365 * DAY;
  return (await store.recordKeys(userId, dataset, 0, now)).includes(key);
}

const worlds = [await world(7), await world(0)] as const;
// The first full sync of each, then the old changes, made in both clouds alike.
for (const w of worlds) {
  const report = await w.engine.run();
  if (!report.ok) throw new Error(`first sync failed: ${JSON.stringify(report.users[0]?.error)}`);
}
const [sweeping] = worlds;
const now0 = sweeping.sandbox.clock.nowSeconds();
const old = sweeping.sandbox
  .userData(sweeping.userId)
  .snapshot(now0)
  .measures.find((g) => g.date < now0 - (years * 365 * DAY) / 2 && g.category === 1);
if (old === undefined) throw new Error("no weigh-in from the first half of the history");
const lateAt = now0 - 120 * DAY;
const lateIds: number[] = [];
for (const w of worlds) {
  await w.sandbox.editData({
    userid: w.userId,
    change: { op: "delete", dataset: "measures", id: old.grpid },
  });
  await w.sandbox.editData({
    userid: w.userId,
    change: { op: "add", dataset: "ecg", record: { timestamp: lateAt } },
  });
  const late = w.sandbox
    .userData(w.userId)
    .snapshot(w.sandbox.clock.nowSeconds())
    .ecg.find((r) => r.timestamp === lateAt);
  if (late === undefined) throw new Error("the late recording is not in the cloud");
  lateIds.push(late.ecg.signalid);
}

const perDay: [number[], number[]] = [[], []];
const reflected: (number | null)[][] = [
  [null, null],
  [null, null],
];
for (let day = 1; day <= days; day++) {
  for (let i = 0; i < 2; i++) {
    const w = worlds[i]!;
    // Each world's clock moves to the same hour of the next day.
    const target = start + day * DAY;
    w.sandbox.clock.advance(Math.max(0, target - w.sandbox.clock.nowSeconds()));
    const before = w.sandbox.stats().requests.total;
    const report = await w.engine.run();
    if (!report.ok) throw new Error(`day ${day} failed: ${JSON.stringify(report.users[0])}`);
    perDay[i]!.push(w.sandbox.stats().requests.total - before);
    const marks = reflected[i]!;
    if (marks[0] === null && !(await has(w.store, w.userId, "measures", String(old.grpid)))) {
      marks[0] = day;
    }
    if (marks[1] === null && (await has(w.store, w.userId, "ecg", String(lateIds[i])))) {
      marks[1] = day;
    }
  }
}

const summary = (list: readonly number[]) => ({
  min: Math.min(...list),
  median: median(list),
  max: Math.max(...list),
  mean: Number((list.reduce((a, b) => a + b, 0) / list.length).toFixed(1)),
});
const extra = perDay[0].map((n, i) => n - (perDay[1][i] ?? 0));
console.log(
  JSON.stringify(
    {
      benchmark: "sweep-cost",
      years,
      days,
      requestsPerDay: { sweep7: summary(perDay[0]), noSweep: summary(perDay[1]) },
      extraRequestsPerDay: summary(extra),
      daysToReflect: {
        oldDeletion: { sweep7: reflected[0]![0], noSweep: reflected[1]![0] },
        lateEcg: { sweep7: reflected[0]![1], noSweep: reflected[1]![1] },
      },
    },
    null,
    2,
  ),
);
for (const w of worlds) {
  await w.store.close();
  w.sandbox.close();
}
