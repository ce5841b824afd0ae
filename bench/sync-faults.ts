/**
 * How much a faulty cloud slows a sync: the time of a full sync under faults divided by the
 * time of the same sync on a clean cloud, measured side by side in one run. Target: ≤ 1.5
 * with 5 % of every fault kind.
 *
 *   node --conditions=source --import tsx bench/sync-faults.ts [--users 4] [--years 1]
 *     [--rate 0.05] [--rounds 3] [--limit 120] [--latency-ms 200] [--without kind,kind]
 *     [--seed 7] [--fault-seed 1000]
 *
 * Each round syncs the same users (vitals-study, seeded) twice into fresh SQLite databases:
 * once on a clean sandbox, once on one that injects every fault kind at `--rate` (HTTP
 * 500/502/503 pages, hangs, answers cut short, spurious 401 and 601, slow answers, paging
 * quirks), with a new fault seed per round. The sandbox runs on its virtual clock with the
 * app-wide quota of `--limit` requests a minute; every request costs `--latency-ms` of
 * simulated time, overlapped between the users synced at once. A hang costs the client's
 * default timeout (30 s) of simulated time, as it would against the real cloud; the client
 * here gives up on it after a short real-time wait, so the benchmark does not wait 30 s for
 * each. Times are simulated, so the ratio does not depend on how loaded the machine is.
 * Prints one JSON object; each faulty sync must also end with every row of the clean one.
 */
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox, FAULT_KINDS, type FaultKind } from "@withings-kit/sandbox";
import { createSyncEngine, RequestMeter, SYNC_DATASETS } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "4" },
    years: { type: "string", default: "1" },
    rate: { type: "string", default: "0.05" },
    rounds: { type: "string", default: "3" },
    limit: { type: "string", default: "120" },
    "latency-ms": { type: "string", default: "200" },
    without: { type: "string", default: "" },
    seed: { type: "string", default: "7" },
    "fault-seed": { type: "string", default: "1000" },
  },
});
const USERS = Number(values.users);
const YEARS = Number(values.years);
const RATE = Number(values.rate);
const ROUNDS = Number(values.rounds);
const LIMIT = Number(values.limit);
const LATENCY_MS = Number(values["latency-ms"]);
const SEED = Number(values.seed);
const LEFT_OUT = new Set(values.without.split(",").filter((k) => k !== ""));
const HANG_COST_MS = 30_000;
const START = Date.UTC(2026, 0, 14, 12) / 1000;

interface Outcome {
  readonly simulatedSeconds: number;
  readonly requests: number;
  readonly tooManyRequests: number;
  readonly duplicates: number;
  readonly faults: number;
  readonly rows: number;
  readonly ok: boolean;
  /** What failed, when the sync did not end ok: user or dataset, and the error's code. */
  readonly errors: readonly string[];
}

async function syncOnce(faultSeed: number | undefined): Promise<Outcome> {
  const kinds = FAULT_KINDS.filter((k) => !LEFT_OUT.has(k));
  const sandbox = createSandbox({
    seed: SEED,
    clock: "virtual",
    startTime: START,
    rateLimit: { limit: LIMIT, windowSeconds: 60 },
    ...(faultSeed === undefined
      ? {}
      : {
          faults: {
            seed: faultSeed,
            rates: Object.fromEntries(kinds.map((k): [FaultKind, number] => [k, RATE])),
            // A hang answers (504) after a moment of real time if the client has not given up.
            hangMaxMs: 5_000,
          },
        }),
  });
  const clock = sandbox.clock;
  const client = createWithingsClient({
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: async (request) => {
      await clock.sleep(LATENCY_MS);
      try {
        return await sandbox.fetch(request);
      } catch (error) {
        // The client's real-time timeout ended a hang: charge the default timeout.
        if (request.signal.aborted) await clock.sleep(HANG_COST_MS - LATENCY_MS);
        throw error;
      }
    },
    clock,
    timeoutMs: 500,
    rateLimiter: new TokenBucket({ clock, limit: LIMIT, windowMs: 60_000 }),
  });
  for (let i = 0; i < USERS; i++) {
    await client.saveTokens(sandbox.createUser({ profile: "vitals-study", years: YEARS }));
  }
  const store = openSqliteStore(":memory:");
  const engine = createSyncEngine({ client, store, clock, meter: new RequestMeter() });
  const began = clock.now();
  const report = await engine.run();
  const simulatedSeconds = (clock.now() - began) / 1000;
  let rows = 0;
  for (const userId of await store.users()) {
    for (const dataset of SYNC_DATASETS) {
      for await (const _ of store.rows({ dataset, userId })) rows++;
    }
  }
  const stats = sandbox.stats();
  await store.close();
  sandbox.close();
  return {
    simulatedSeconds,
    requests: stats.requests.total,
    tooManyRequests: stats.tooManyRequests.total,
    duplicates: stats.tooManyRequests.duplicate,
    faults: Object.values(stats.faults).reduce((a, b) => a + (b ?? 0), 0),
    rows,
    ok: report.ok,
    errors: report.users.flatMap((u) => [
      ...(u.error === undefined ? [] : [`user ${u.userId}: ${u.error.code} ${u.error.message}`]),
      ...u.datasets.flatMap((d) =>
        d.error === undefined
          ? []
          : [`${u.userId} ${d.dataset}: ${d.error.code} ${d.error.message}`],
      ),
    ]),
  };
}

const FIRST_FAULT_SEED = Number(values["fault-seed"]);
const rounds: { clean: Outcome; faulty: Outcome; ratio: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const clean = await syncOnce(undefined);
  const faulty = await syncOnce(FIRST_FAULT_SEED + round);
  rounds.push({
    clean,
    faulty,
    ratio: Number((faulty.simulatedSeconds / clean.simulatedSeconds).toFixed(3)),
  });
}
const ratios = rounds.map((r) => r.ratio);
console.log(
  JSON.stringify(
    {
      benchmark: "sync-faults",
      users: USERS,
      years: YEARS,
      rate: RATE,
      kinds: FAULT_KINDS.filter((k) => !LEFT_OUT.has(k)),
      limit: LIMIT,
      latencyMs: LATENCY_MS,
      ratio: { min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios) },
      everyRowKept: rounds.every((r) => r.faulty.rows === r.clean.rows && r.faulty.ok),
      rounds,
    },
    null,
    2,
  ),
);
