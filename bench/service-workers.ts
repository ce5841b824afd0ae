/**
 * The PostgreSQL deployment under one quota: 1, 2 and 4 `withings worker` processes (real
 * processes, each syncing 4 participants at once) run the first full sync of the same
 * participants against a sandbox server in real time whose quota is a sliding window of
 * `--limit` requests a minute, which is also the app's `--rate-limit`. Each participant has
 * a few days of readings, nights, workouts and ECGs (about 23 requests each). Reports per
 * count of workers:
 *
 * - `bestMinute ÷ quota`: the most requests the sandbox served in any 60 s (sampled each
 *   second) ÷ the quota, the rate a saturated deployment achieves (target ≥ 0.9);
 * - `timeVsMinimum`: the whole sync's time (first worker started to queue empty) ÷ the least
 *   the quota allows for its requests (requests ÷ quota per second), which adds the workers'
 *   start and the last jobs' tail;
 * - the 601 answers (target 0).
 *
 *   node --conditions=source --import tsx bench/service-workers.ts [--workers 1,2,4]
 *     [--users 60] [--limit 600]
 *
 * Needs PostgreSQL (WITHINGS_KIT_TEST_DATABASE_URL, else 127.0.0.1:5432 as user postgres).
 * Prints one JSON object.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createWithingsClient } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { PostgresStore, PostgresTokenStore } from "@withings-kit/sync/postgres";
import pg from "pg";
import { seedData } from "../packages/cli/test/_changes.js";
import { startCli, stopped } from "../packages/cli/test/_cli-process.js";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "1,2,4" },
    users: { type: "string", default: "60" },
    limit: { type: "string", default: "600" },
  },
});
const database =
  process.env["WITHINGS_KIT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const limit = Number(values.limit);
const userCount = Number(values.users);

const runs: Record<string, unknown>[] = [];
const admin = new pg.Pool({ connectionString: database, max: 1 });
const dir = await mkdtemp(join(tmpdir(), "withings-kit-bench-"));
try {
  for (const workers of values.workers.split(",").map(Number)) {
    // A fresh cloud and schema per count: the same participants, nothing synced yet.
    const sandbox = await startSandboxServer({
      port: 0,
      seed: 21,
      clock: "realtime",
      rateLimit: { limit, windowSeconds: 60 },
    });
    const schema = `bench_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(database);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    const processes: ChildProcess[] = [];
    try {
      const store = await PostgresStore.open(pool);
      const tokens = await PostgresTokenStore.open(pool);
      const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
      const login = createWithingsClient({
        clientId,
        clientSecret,
        cloud: sandbox.url,
        tokenStore: tokens,
      });
      for (let i = 0; i < userCount; i++) {
        const answer = sandbox.sandbox.createUser({
          profile: "empty",
          years: 0,
          timezone: "Europe/Paris",
        });
        await seedData(sandbox.sandbox, answer.userid, 10 + (i % 7) * 5);
        await login.saveTokens(answer);
      }
      const env = {
        ...process.env,
        XDG_CONFIG_HOME: join(dir, "config"),
        XDG_DATA_HOME: join(dir, "data"),
        DATABASE_URL: url.toString(),
        WITHINGS_CLOUD: sandbox.url,
        WITHINGS_CLIENT_ID: clientId,
        WITHINGS_CLIENT_SECRET: clientSecret,
        WITHINGS_RATE_LIMIT: String(limit),
      };
      const before = sandbox.sandbox.stats().requests.total;
      const started = Date.now();
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(sandbox.sandbox.stats().requests.total), 1000);
      for (let w = 0; w < workers; w++) {
        processes.push(
          await startCli(["worker", "--port", "0", "--concurrency", "4"], env, /worker on/),
        );
      }
      const pending = async () =>
        (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM service_jobs")).rows[0]
          ?.n ?? 0;
      for (let idle = 0; idle < 2; ) {
        await new Promise((r) => setTimeout(r, 1000));
        idle = (await pending()) === 0 ? idle + 1 : 0;
      }
      clearInterval(sampler);
      const seconds = (Date.now() - started) / 1000 - 2;
      const requests = sandbox.sandbox.stats().requests.total - before;
      let best = 0;
      for (let i = 60; i < samples.length; i++) {
        best = Math.max(best, (samples[i] as number) - (samples[i - 60] as number));
      }
      const stats = sandbox.sandbox.stats();
      runs.push({
        workers,
        users: userCount,
        requests,
        seconds: Math.round(seconds),
        bestMinute: samples.length > 60 ? best : null,
        bestMinuteOverQuota: samples.length > 60 ? Number((best / limit).toFixed(3)) : null,
        timeVsMinimum: Number((seconds / (requests / (limit / 60))).toFixed(3)),
        tooManyRequests: stats.tooManyRequests.rateLimit,
      });
      await tokens.close();
      await store.close();
    } finally {
      for (const p of processes) await stopped(p, "SIGTERM");
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await sandbox.close();
    }
  }
} finally {
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ limit, runs }, null, 2)}\n`);
