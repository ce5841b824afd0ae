/**
 * One Withings quota shared through PostgreSQL by several worker processes: 1, 2 and 4
 * processes ask a sandbox server (real time, its quota a sliding window of 120 requests a
 * minute) as fast as `PostgresRateLimiter` lets them, each with 16 calls in flight (enough
 * to hide the answers' latency on a busy machine: the limiter is what is measured).
 * Reports, per count of processes, the requests the sandbox served per minute ÷ the quota
 * (target ≥ 0.9) and the 601 answers (target 0). The ceiling is the limiter's own
 * (`quotaSlices`: 0.975 of 120 with the default margin).
 *
 *   node --conditions=source --import tsx bench/shared-quota.ts [--processes 1,2,4]
 *     [--seconds 120] [--limit 120]
 *
 * Needs PostgreSQL (WITHINGS_KIT_TEST_DATABASE_URL, else 127.0.0.1:5432 as user postgres).
 * Prints one JSON object.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createWithingsClient } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { PostgresTokenStore, quotaSlices } from "@withings-kit/sync/postgres";
import pg from "pg";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "1,2,4" },
    seconds: { type: "string", default: "120" },
    limit: { type: "string", default: "120" },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const database =
  process.env["WITHINGS_KIT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const limit = Number(values.limit);
const seconds = Number(values.seconds);

const server = await startSandboxServer({
  seed: 5,
  port: 0,
  clock: "realtime",
  rateLimit: { limit, windowSeconds: 60 },
});
const admin = new pg.Pool({ connectionString: database, max: 1 });
const runs: Record<string, unknown>[] = [];
try {
  for (const count of values.processes.split(",").map(Number)) {
    // A fresh schema per count: its own counter and tokens.
    const schema = `bench_${randomBytes(5).toString("hex")}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: database, options: `-c search_path=${schema}` });
    try {
      const answer = server.sandbox.createUser({ profile: "empty" });
      const app = server.sandbox.defaultApp;
      const client = createWithingsClient({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        cloud: server.url,
        tokenStore: await PostgresTokenStore.open(pool),
      });
      await client.saveTokens(answer);
      // A minute with nothing sent, so that the previous count's requests left the window.
      await new Promise((wake) => setTimeout(wake, 61_000));
      const before = server.sandbox.stats();
      const outcomes = await Promise.all(
        Array.from({ length: count }, () =>
          child([
            server.url,
            database,
            schema,
            answer.userid,
            app.clientId,
            app.clientSecret,
            String(limit),
            String(seconds),
            "16",
          ]),
        ),
      );
      const after = server.sandbox.stats();
      const served = after.requests.total - before.requests.total;
      runs.push({
        processes: count,
        served,
        perMinute: Math.round((served / seconds) * 60 * 10) / 10,
        ratio: Math.round((served / ((seconds / 60) * limit)) * 1000) / 1000,
        tooManyRequests: after.tooManyRequests.total - before.tooManyRequests.total,
        failedCalls: outcomes.reduce((n, o) => n + o.failed, 0),
      });
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }
} finally {
  await admin.end();
  await server.close();
}
const slices = quotaSlices(limit, 60_000, 500, 0);
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: "shared-quota",
      limit,
      seconds,
      slices,
      ceiling: Math.round(((slices.points * 60_000) / slices.sliceMs / limit) * 1000) / 1000,
      runs,
    },
    null,
    2,
  )}\n`,
);

function child(args: readonly string[]): Promise<{ sent: number; failed: number }> {
  return new Promise((done, fail) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", join(here, "fixtures", "quota-child.ts"), ...args],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("error", fail);
    proc.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line === undefined) fail(new Error(`quota-child exited with ${code}`));
      else done(JSON.parse(line) as { sent: number; failed: number });
    });
  });
}
