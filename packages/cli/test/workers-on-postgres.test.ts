// The PostgreSQL deployment as docs/deploy.md shows it, on one machine standing in for
// several: one `withings serve` that only receives and queues, and three `withings worker`
// processes, on one database and one quota, for 200 participants whose access tokens have
// expired. While they sync, notifications keep coming and workers are killed with SIGKILL
// and replaced, again and again. In the end the database equals the cloud, the quota was
// never exceeded, and every login still works.
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createWithingsClient, MemoryTokenStore, TokenBucket } from "@withings-kit/client";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import type { SyncDataset } from "@withings-kit/sync";
import { PostgresStore, PostgresTokenStore } from "@withings-kit/sync/postgres";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/test/helpers/free-port.js";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import {
  postgresSchema,
  TEST_DATABASE_URL,
  type TestSchema,
} from "../../sync/test/helpers/postgres-schema.js";
import { seedData } from "./_changes.js";
import { stopped as killed, startCli as start } from "./_cli-process.js";
import { tempDir } from "./_helpers.js";

const TOKEN = "workers-test-webhook-token-0123456789abcdef";
const USERS = 200;
const WORKERS = 3;
const KILLS = 10;
const QUOTA = 6000;
// Participants whose devices keep uploading during the run (subscribed to the receiver).
const NOTIFYING = 10;
const COMPARED: readonly SyncDataset[] = [
  "measures",
  "activity",
  "workouts",
  "sleep_summaries",
  "sleep",
  "ecg",
  "ecg_signal",
];

const closers: (() => Promise<void>)[] = [];
const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const schema of schemas.splice(0)) await schema.drop();
});

describe("serve and three workers on one PostgreSQL database", () => {
  it(`sync ${USERS} participants to equal the cloud through ${KILLS} SIGKILLs, within the quota`, async () => {
    const seed = Number(process.env["WORKERS_KILL_SEED"] ?? Date.now() % 1_000_000);
    // Seconds between two kills, and which worker each kill takes.
    const plan = fc.sample(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.nat(WORKERS - 1)), {
      seed,
      numRuns: KILLS,
    });
    process.stderr.write(`workers kill test: seed ${seed}\n`);

    const sandbox: SandboxServer = await startSandboxServer({
      port: 0,
      seed: 11,
      rateLimit: { limit: QUOTA, windowSeconds: 60 },
      webhookTimeoutMs: 2000,
    });
    closers.push(() => sandbox.close());
    const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
    const schema = await postgresSchema();
    schemas.push(schema);
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set("options", `-c search_path=${schema.name}`);
    const pool = schema.pool(2);
    // The participants' logins, as `withings login` leaves them, all expiring at once: every
    // participant's first job refreshes, some of them in a worker that is then killed.
    const store = await PostgresStore.open(pool);
    const tokens = await PostgresTokenStore.open(pool);
    const login = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: tokens,
    });
    const subscriber = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: new MemoryTokenStore(),
      rateLimiter: new TokenBucket({ limit: 100, windowMs: 60_000 }),
    });
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const answer = sandbox.sandbox.createUser({
        profile: "empty",
        years: 0,
        timezone: "Europe/Paris",
      });
      await seedData(sandbox.sandbox, answer.userid, 10 + (i % 7) * 5);
      users.push(answer.userid);
      await login.saveTokens({ ...answer, expires_in: 1 });
      // The subscriber's own copy never refreshes (its access token outlives the test).
      if (i < NOTIFYING) await subscriber.saveTokens(answer);
    }
    await new Promise((r) => setTimeout(r, 1100));

    const dir = await tempDir();
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
      DATABASE_URL: url.toString(),
      WITHINGS_CLOUD: sandbox.url,
      WITHINGS_CLIENT_ID: clientId,
      WITHINGS_CLIENT_SECRET: clientSecret,
      WITHINGS_RATE_LIMIT: String(QUOTA),
      WITHINGS_WEBHOOK_TOKEN: TOKEN,
    };
    const port = await freePort();
    const receiver = await start(
      ["serve", "--port", String(port), "--concurrency", "0", "--merged-reread-minutes", "0"],
      env,
      /listening on/,
    );
    closers.push(() => killed(receiver));
    const callbackurl = `http://127.0.0.1:${port}/webhooks/withings/${TOKEN}`;
    for (const userid of users.slice(0, NOTIFYING)) {
      await subscriber.user(userid).notifySubscribe({ callbackurl, appli: 4 });
    }
    const startedAt = Date.now();
    const requestsBefore = sandbox.sandbox.stats().requests.total;
    const worker = () =>
      start(
        ["worker", "--port", "0", "--concurrency", "4", "--merged-reread-minutes", "0"],
        env,
        /worker on/,
      );
    const workers = await Promise.all(Array.from({ length: WORKERS }, worker));
    closers.push(async () => {
      for (const w of workers) await killed(w);
    });

    const pending = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM service_jobs")).rows[0]?.n ??
      0;
    let notified = 0;
    for (const [k, [pause, victim]] of plan.entries()) {
      // Readings arrive meanwhile; the receiver hears of them and queues their jobs.
      const userid = users[k % NOTIFYING] as string;
      const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
      const result = await sandbox.sandbox.editData({
        userid,
        change: {
          op: "add",
          dataset: "measures",
          record: {
            date: now - k * 61,
            measures: [
              { value: 120 + k, type: 10, unit: 0 },
              { value: 80, type: 9, unit: 0 },
            ],
          },
        },
      });
      notified += result.notifications.sent;
      await new Promise((r) => setTimeout(r, pause * 1000));
      await killed(workers[victim] as ChildProcess);
      workers[victim] = await worker();
    }
    expect(notified).toBeGreaterThan(0);
    // Done when the queue stays empty (the last starts queued a catch-up of everyone).
    for (let idle = 0; idle < 3; ) {
      await new Promise((r) => setTimeout(r, 1000));
      idle = (await pending()) === 0 ? idle + 1 : 0;
    }
    const minutes = (Date.now() - startedAt) / 60_000;
    const requests = sandbox.sandbox.stats().requests.total - requestsBefore;
    process.stderr.write(
      `workers kill test: ${requests} requests in ${minutes.toFixed(2)} min, ${(requests / minutes / QUOTA).toFixed(3)} of the quota\n`,
    );
    for (const w of workers) await killed(w, "SIGTERM");
    await killed(receiver, "SIGTERM");

    const stats = sandbox.sandbox.stats();
    expect(stats.tooManyRequests.rateLimit).toBe(0);
    const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
    for (const userId of users) {
      const diff = await diffRows(
        onlyDatasets(storedRows(store, userId), ...COMPARED),
        onlyDatasets(expectedRows(sandbox.sandbox.userData(userId), now), ...COMPARED),
      );
      expect(diff, `user ${userId}, seed ${seed}`).toEqual([]);
    }
    // Every login survived the kills: the stored pair still answers, refreshing if it must.
    for (const userId of users) {
      await expect(login.user(userId).getDevice()).resolves.toBeDefined();
    }
    await tokens.close();
    await store.close();
  }, 600_000);
});
