// `withings serve` killed with SIGKILL again and again during a stream of data changes
// and their notifications, and restarted: in the end the database equals the cloud, every
// notification it answered is in its inbox, and every login still works.
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createWithingsClient, MemoryTokenStore, TokenBucket } from "@withings-kit/client";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import type { SyncDataset } from "@withings-kit/sync";
import { openSqliteStore, SqliteTokenStore } from "@withings-kit/sync/sqlite";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/test/helpers/free-port.js";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import { change } from "./_changes.js";
import { stopped as killed, startCli } from "./_cli-process.js";
import { tempDir } from "./_helpers.js";

const TOKEN = "kill-test-webhook-token-0123456789abcdef";
const CHANGES = 1000;
const KILLS = 10;
const USERS = 3;
const APPLIS = [1, 4, 16, 44, 54];
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

// One `withings serve` process; resolves once it listens.
function serve(env: NodeJS.ProcessEnv, db: string, port: number): Promise<ChildProcess> {
  return startCli(
    [
      "serve",
      "--db",
      db,
      "--port",
      String(port),
      // Merged notifications' re-reads put off by a minute at most, so the queue empties soon.
      "--merged-reread-minutes",
      "1",
    ],
    env,
    /listening on/,
  );
}

describe("withings serve killed with SIGKILL", () => {
  it(`loses nothing over ${CHANGES} changes and ${KILLS} kills`, async () => {
    const seed = Number(process.env["SERVE_KILL_SEED"] ?? Date.now() % 1_000_000);
    const random = fc.sample(fc.integer({ min: 20, max: CHANGES / KILLS - 10 }), {
      seed,
      numRuns: KILLS,
    });
    const killAt = new Set<number>();
    let at = 0;
    for (const gap of random) {
      at += gap;
      killAt.add(at);
    }
    process.stderr.write(
      `serve kill test: seed ${seed}, kills after changes ${[...killAt].join(", ")}\n`,
    );

    const dir = await tempDir();
    const sandbox: SandboxServer = await startSandboxServer({
      port: 0,
      seed: 9,
      rateLimit: { limit: 100_000, windowSeconds: 60 },
      webhookTimeoutMs: 2000,
    });
    closers.push(() => sandbox.close());
    const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
    const dbPath = join(dir, "service.db");
    // The participants' logins, as `withings login` leaves them in the database.
    const store = openSqliteStore(dbPath);
    const tokens = new SqliteTokenStore(store);
    const loginClient = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: tokens,
    });
    const users: string[] = [];
    const answers = [];
    for (let i = 0; i < USERS; i++) {
      const answer = sandbox.sandbox.createUser({
        profile: "empty",
        years: 0,
        timezone: "Europe/Paris",
      });
      await loginClient.saveTokens(answer);
      users.push(answer.userid);
      answers.push(answer);
    }
    await store.close();

    const port = await freePort();
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
      WITHINGS_CLOUD: sandbox.url,
      WITHINGS_CLIENT_ID: clientId,
      WITHINGS_CLIENT_SECRET: clientSecret,
      WITHINGS_WEBHOOK_TOKEN: TOKEN,
    };
    let proc = await serve(env, dbPath, port);
    closers.push(() => killed(proc));
    // Subscriptions, made once the callback answers HEAD; a client of its own, with the
    // same access tokens (they outlive the test, so it never refreshes, which would
    // rotate the service's refresh token away).
    const own = new MemoryTokenStore();
    const subscriber = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: own,
      rateLimiter: new TokenBucket({ limit: 100_000, windowMs: 60_000 }),
    });
    const callbackurl = `http://127.0.0.1:${port}/webhooks/withings/${TOKEN}`;
    for (const answer of answers) {
      await subscriber.saveTokens(answer);
      for (const appli of APPLIS) {
        await subscriber.user(answer.userid).notifySubscribe({ callbackurl, appli });
      }
    }

    let answered = 0;
    let lost = 0;
    const grpids = (userid: string, now: number) =>
      sandbox.sandbox
        .userData(userid)
        .snapshot(now)
        .measures.map((g) => g.grpid);
    for (let k = 1; k <= CHANGES; k++) {
      const userid = users[k % USERS]!;
      const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
      const ids = k % 10 === 7 ? grpids(userid, now) : [];
      const result = await sandbox.sandbox.editData({ userid, change: change(k, now, ids) });
      answered += result.notifications.sent;
      lost += result.notifications.failed;
      if (killAt.has(k)) {
        await killed(proc);
        // Some changes while it is down: their notifications are lost for good.
        for (let j = 0; j < 3; j++) {
          const r = await sandbox.sandbox.editData({
            userid,
            change: change(k * 10 + j, now, []),
          });
          lost += r.notifications.failed;
        }
        proc = await serve(env, dbPath, port);
      }
    }
    expect(lost).toBeGreaterThan(0);
    // The last start queued a catch-up of everyone: wait until the queue is empty.
    const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
    closers.push(async () => {
      reader.close();
    });
    const pending = () =>
      reader.prepare("SELECT count(*) FROM service_jobs").pluck().get() as number;
    for (let idle = 0; idle < 3; ) {
      await new Promise((r) => setTimeout(r, 500));
      idle = pending() === 0 ? idle + 1 : 0;
    }
    const inbox = reader
      .prepare("SELECT count(*) FROM service_notifications")
      .pluck()
      .get() as number;
    // Every notification answered 2xx was committed first.
    expect(inbox).toBeGreaterThanOrEqual(answered);
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));

    const db = openSqliteStore(dbPath);
    closers.push(() => db.close());
    const now = Math.floor(sandbox.sandbox.clock.nowSeconds());
    for (const userId of users) {
      const diff = await diffRows(
        onlyDatasets(storedRows(db, userId), ...COMPARED),
        onlyDatasets(expectedRows(sandbox.sandbox.userData(userId), now), ...COMPARED),
      );
      expect(diff, `user ${userId}, seed ${seed}`).toEqual([]);
    }
    // Every login survived: the stored tokens still answer.
    const check = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: new SqliteTokenStore(db),
    });
    for (const userId of users) await check.user(userId).getDevice();
  }, 600_000);
});
