// The PostgreSQL server of a running deployment (serve and two workers) crashes mid-sync
// and comes back: the processes live through it, the webhook answers 503 while the
// database is away (so Withings delivers again), and in the end the database equals the
// cloud, with nothing lost or doubled and every login working.
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createWithingsClient, MemoryTokenStore, TokenBucket } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import type { SyncDataset } from "@withings-kit/sync";
import { PostgresStore, PostgresTokenStore } from "@withings-kit/sync/postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/test/helpers/free-port.js";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import { seedData } from "./_changes.js";
import { startCli, stopped } from "./_cli-process.js";
import { tempDir } from "./_helpers.js";
import { privatePostgres } from "./_private-postgres.js";

const TOKEN = "restart-test-webhook-token-0123456789abcdef";
const USERS = 24;
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
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("a PostgreSQL deployment whose database restarts mid-run", () => {
  it("waits for the database, resumes, and ends equal to the cloud", async () => {
    const server = await privatePostgres();
    closers.push(() => server.close());
    const sandbox = await startSandboxServer({
      port: 0,
      seed: 13,
      rateLimit: { limit: 6000, windowSeconds: 60 },
      webhookTimeoutMs: 2000,
    });
    closers.push(() => sandbox.close());
    const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    pool.on("error", () => undefined);
    closers.push(() => pool.end());
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
      await seedData(sandbox.sandbox, answer.userid, 40);
      users.push(answer.userid);
      // Expired: the first job of each refreshes, some of them across the restart.
      await login.saveTokens({ ...answer, expires_in: 1 });
      await subscriber.saveTokens(answer);
    }

    const dir = await tempDir();
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
      DATABASE_URL: server.url,
      WITHINGS_CLOUD: sandbox.url,
      WITHINGS_CLIENT_ID: clientId,
      WITHINGS_CLIENT_SECRET: clientSecret,
      WITHINGS_RATE_LIMIT: "6000",
      WITHINGS_WEBHOOK_TOKEN: TOKEN,
    };
    const port = await freePort();
    const processes: ChildProcess[] = [];
    closers.push(async () => {
      for (const p of processes) await stopped(p);
    });
    processes.push(
      await startCli(
        ["serve", "--port", String(port), "--concurrency", "0", "--merged-reread-minutes", "0"],
        env,
        /listening on/,
      ),
    );
    const callbackurl = `http://127.0.0.1:${port}/webhooks/withings/${TOKEN}`;
    for (const userid of users) {
      await subscriber.user(userid).notifySubscribe({ callbackurl, appli: 4 });
    }
    for (let w = 0; w < 2; w++) {
      processes.push(
        await startCli(
          ["worker", "--port", "0", "--concurrency", "3", "--merged-reread-minutes", "0"],
          env,
          /worker on/,
        ),
      );
    }
    const addReading = async (k: number) => {
      const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
      return sandbox.sandbox.editData({
        userid: users[k % USERS] as string,
        change: {
          op: "add",
          dataset: "measures",
          record: {
            date: now - k * 17,
            measures: [
              { value: 120 + k, type: 10, unit: 0 },
              { value: 80, type: 9, unit: 0 },
            ],
          },
        },
      });
    };
    // Mid-sync: some participants done, others not yet.
    const store = await PostgresStore.open(pool);
    closers.push(() => store.close());
    const pending = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM service_jobs")).rows[0]?.n ??
      0;
    const synced = async () =>
      (await pool.query<{ n: number }>("SELECT count(DISTINCT user_id)::int AS n FROM sync_state"))
        .rows[0]?.n ?? 0;
    while ((await synced()) < USERS / 4) await new Promise((r) => setTimeout(r, 50));

    const log = (what: string) =>
      process.stderr.write(`restart test: ${what} at ${new Date().toISOString()}\n`);
    // Some participants are still to sync when it crashes.
    expect(await pending()).toBeGreaterThan(0);
    log("crash");
    await server.crash();
    // While it is away, readings arrive: the receiver cannot store their notifications
    // and says so, and Withings tries again later.
    let refused = 0;
    for (let k = 0; k < 6; k++) refused += (await addReading(k)).notifications.failed;
    expect(refused).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 3000));
    await server.start();
    log("started");
    for (let k = 6; k < 12; k++) await addReading(k);

    // Done when the queue stays empty, the processes alive through it all.
    for (let idle = 0; idle < 3; ) {
      await new Promise((r) => setTimeout(r, 1000));
      idle = (await pending()) === 0 ? idle + 1 : 0;
    }
    log("idle");
    for (const p of processes) expect(p.exitCode).toBeNull();
    // The refused notifications came again (Withings tries twice at once, then 10 s later),
    // and their readings are stored.
    expect(sandbox.sandbox.stats().notifications.retries).toBeGreaterThan(0);
    const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
    for (const userId of users) {
      const diff = await diffRows(
        onlyDatasets(storedRows(store, userId), ...COMPARED),
        onlyDatasets(expectedRows(sandbox.sandbox.userData(userId), now), ...COMPARED),
      );
      expect(diff, `user ${userId}`).toEqual([]);
    }
    expect(sandbox.sandbox.stats().tooManyRequests.rateLimit).toBe(0);
    for (const userId of users) {
      await expect(login.user(userId).getDevice()).resolves.toBeDefined();
    }
    for (const p of processes) await stopped(p, "SIGTERM");
    processes.length = 0;
    await tokens.close();
  }, 600_000);
});
