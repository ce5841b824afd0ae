// The service end to end, in-process: the sandbox delivers its notifications to the
// service's webhook (and probes it with HEAD on subscribe), and the database must end equal
// to the cloud through notifications alone, or, for those lost in transit, the catch-up.
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox, type DataChange, type NotificationBehaviour } from "@withings-kit/sandbox";
import type { SyncDataset } from "@withings-kit/sync";
import { afterEach, describe, expect, it } from "vitest";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import { createService, type Service, SUBSCRIBED_APPLIS } from "../src/index.js";
import {
  DATABASE_KINDS,
  type DatabaseKind,
  serviceDatabases,
} from "./helpers/service-databases.js";

const TOKEN = "e2e-webhook-token";
const ADMIN = "e2e-admin-token-0123456789";
const CALLBACK = `https://kit.example/webhooks/withings/${TOKEN}`;
const START = Date.UTC(2026, 0, 14, 12) / 1000;
const DAY = 86_400;
// What notifications keep current; devices, goals and objectives are the catch-up's.
const NOTIFIED: readonly SyncDataset[] = [
  "measures",
  "activity",
  "intraday",
  "workouts",
  "sleep_summaries",
  "sleep",
  "ecg",
  "ecg_signal",
];

const closers: (() => Promise<void>)[] = [];
const databases = serviceDatabases();
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await databases.close();
});

async function deployment(options: {
  kind: DatabaseKind;
  users: number;
  subscribe?: boolean;
  /** How the sandbox delivers notifications. */
  notifications?: NotificationBehaviour;
}) {
  let service: Service | undefined;
  // While false, the service cannot be reached: Withings' calls fail as on a refused connection.
  const reachable = { now: true };
  const sandbox = createSandbox({
    seed: 5,
    clock: "virtual",
    startTime: START,
    rateLimit: { limit: 1_000_000, windowSeconds: 60 },
    ...(options.notifications === undefined ? {} : { notifications: options.notifications }),
    outboundFetch: async (request) => {
      if (!reachable.now) throw new TypeError("fetch failed: connection refused");
      return service!.fetch(request);
    },
  });
  const { store, tokens: tokenStore, database, query } = await databases.open(options.kind);
  const client = createWithingsClient({
    tokenStore,
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: (request) => sandbox.fetch(request),
    clock: sandbox.clock,
    rateLimiter: new TokenBucket({ clock: sandbox.clock, limit: 1_000_000, windowMs: 60_000 }),
  });
  service = createService({
    store,
    database,
    client,
    webhookToken: TOKEN,
    clock: sandbox.clock,
    publicUrl: "https://kit.example",
    fetch: (request) => service!.fetch(request),
    adminToken: ADMIN,
  });
  closers.push(async () => {
    await service!.close();
    sandbox.close();
  });
  const users: string[] = [];
  const secrets = [TOKEN, ADMIN, sandbox.defaultApp.clientSecret];
  for (let i = 0; i < options.users; i++) {
    const tokens = sandbox.createUser({ profile: "empty", years: 0, timezone: "Europe/Paris" });
    secrets.push(tokens.access_token, tokens.refresh_token);
    await client.saveTokens(tokens);
    users.push(tokens.userid);
    if (options.subscribe === false) continue;
    for (const appli of SUBSCRIBED_APPLIS) {
      await client.user(tokens.userid).notifySubscribe({ callbackurl: CALLBACK, appli });
    }
  }
  const now = () => Math.floor(sandbox.clock.nowSeconds());
  const diff = async (userId: string) =>
    diffRows(
      onlyDatasets(storedRows(store, userId), ...NOTIFIED),
      onlyDatasets(expectedRows(sandbox.userData(userId), now()), ...NOTIFIED),
    );
  const notifications = () =>
    query(
      "SELECT outcome, CAST(count(*) AS INTEGER) AS n FROM service_notifications GROUP BY outcome ORDER BY outcome",
    );
  return { sandbox, store, client, service, users, diff, notifications, now, secrets, reachable };
}

// A day of changes of every notified kind for one user, at the sandbox's now.
function changes(now: number, k: number): DataChange[] {
  const night = now - 30 * 3600 + k * 600;
  return [
    {
      op: "add",
      dataset: "measures",
      record: {
        date: now - 3600 - k,
        measures: [
          { value: 121 + k, type: 10, unit: 0 },
          { value: 79, type: 9, unit: 0 },
        ],
      },
    },
    {
      op: "add",
      dataset: "measures",
      record: { date: now - 7200 - k, measures: [{ value: 7150 + k, type: 1, unit: -2 }] },
    },
    { op: "add", dataset: "sleep", record: { startdate: night, enddate: night + 7 * 3600 } },
    {
      op: "add",
      dataset: "workouts",
      record: { startdate: now - 5 * 3600, enddate: now - 4 * 3600, category: 1 },
    },
    { op: "add", dataset: "ecg", record: { timestamp: now - 1800 - k, ecg: { afib: 0 } } },
  ];
}

describe.each(DATABASE_KINDS)("withings serve, in-process against the sandbox, on %s", (kind) => {
  it("keeps every user equal to the cloud through notifications alone", async () => {
    const d = await deployment({ kind, users: 3 });
    // Enrolment queues each user's backfill.
    for (const userId of d.users) {
      await d.service.queue.enqueue({
        userId,
        datasets: "all",
        priority: "notification",
        now: d.now(),
      });
    }
    await d.service.worker.drain();
    for (const [k, userId] of d.users.entries()) {
      for (const change of changes(d.now(), k))
        await d.sandbox.editData({ userid: userId, change });
    }
    d.sandbox.clock.advance(3600);
    expect(await d.service.worker.drain()).toBe(3);
    for (const userId of d.users) expect(await d.diff(userId)).toEqual([]);

    // Edits and deletions, notified too.
    const snap = d.sandbox.userData(d.users[0]!).snapshot(d.now());
    const group = snap.measures[0]!;
    const night = snap.sleep[0]!;
    await d.sandbox.editData({
      userid: d.users[0]!,
      change: { op: "delete", dataset: "measures", id: group.grpid },
    });
    await d.sandbox.editData({
      userid: d.users[0]!,
      change: {
        op: "edit",
        dataset: "sleep",
        id: night.id,
        record: { enddate: night.enddate - 3600 },
      },
    });
    d.sandbox.clock.advance(600);
    expect(await d.service.worker.drain()).toBeGreaterThan(0);
    expect(await d.diff(d.users[0]!)).toEqual([]);
    const outcomes = (await d.notifications()) as { outcome: string; n: number }[];
    expect(outcomes.every((o) => o.outcome === "queued")).toBe(true);
  });

  it("reflects a deletion whose notification joined a waiting catch-up", async () => {
    const d = await deployment({ kind, users: 1 });
    const userid = d.users[0]!;
    for (const change of changes(d.now(), 0)) await d.sandbox.editData({ userid, change });
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    const group = d.sandbox.userData(userid).snapshot(d.now()).measures[0]!;
    d.sandbox.clock.advance(600);
    await d.service.catchUp.tick();
    await d.sandbox.editData({
      userid,
      change: { op: "delete", dataset: "measures", id: group.grpid },
    });
    d.sandbox.clock.advance(60);
    await d.service.worker.drain();
    expect(await d.diff(userid)).toEqual([]);
  });

  it("puts off a merged window's re-read within ten minutes of the last, and still makes it", async () => {
    const d = await deployment({ kind, users: 1 });
    const userid = d.users[0]!;
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    const [bp, weight] = changes(d.now(), 0) as [DataChange, DataChange];
    // Two readings, one job: its window is re-read at once, the first time.
    await d.sandbox.editData({ userid, change: bp });
    await d.sandbox.editData({ userid, change: weight });
    d.sandbox.clock.advance(60);
    expect(await d.service.worker.drain()).toBe(1);
    expect(await d.diff(userid)).toEqual([]);
    // Five minutes later a reading is deleted and another added, in one job: the deletion
    // waits for the re-read put off to ten minutes after the last one.
    d.sandbox.clock.advance(300);
    const gone = d.sandbox.userData(userid).snapshot(d.now()).measures[0]!;
    await d.sandbox.editData({
      userid,
      change: { op: "delete", dataset: "measures", id: gone.grpid },
    });
    await d.sandbox.editData({ userid, change: changes(d.now(), 1)[0]! });
    d.sandbox.clock.advance(10);
    expect(await d.service.worker.drain()).toBe(1);
    expect((await d.diff(userid)).join()).toContain("measures: stored");
    expect(await d.service.queue.stats(d.now())).toMatchObject({ due: 0, waiting: 1 });
    d.sandbox.clock.advance(300);
    expect(await d.service.worker.drain()).toBe(1);
    expect(await d.diff(userid)).toEqual([]);
    expect(await d.service.queue.stats(d.now())).toMatchObject({ due: 0, waiting: 0 });
  });

  it("brings back notifications Withings never sent with the scheduled catch-up", async () => {
    const d = await deployment({ kind, users: 2, notifications: { loss: 0.5 } });
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    for (const [k, userId] of d.users.entries()) {
      for (const change of changes(d.now(), k))
        await d.sandbox.editData({ userid: userId, change });
    }
    d.sandbox.clock.advance(3600);
    await d.service.worker.drain();
    // Half the notifications never came: some changes are not stored yet.
    const behind = (await Promise.all(d.users.map((u) => d.diff(u)))).flat();
    expect(behind.length).toBeGreaterThan(0);
    d.sandbox.clock.advance(DAY);
    expect(await d.service.catchUp.tick()).toBe(2);
    await d.service.worker.drain();
    for (const userId of d.users) expect(await d.diff(userId)).toEqual([]);
  });

  it("gets the notifications Withings retries while the service was down", async () => {
    const d = await deployment({ kind, users: 2 });
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    d.reachable.now = false;
    for (const [k, userId] of d.users.entries()) {
      for (const change of changes(d.now(), k))
        await d.sandbox.editData({ userid: userId, change });
    }
    // Down for half an hour: the retries at +10 s fail, the one 2 to 11 minutes later too.
    for (let t = 0; t < 1800; t += 60) {
      d.sandbox.clock.advance(60);
      await d.sandbox.notificationsIdle();
    }
    expect(await d.notifications()).toEqual([]);
    d.reachable.now = true;
    // Back up: the retry about an hour later brings every notification, without a catch-up.
    for (let t = 0; t < 2 * 3600; t += 60) {
      d.sandbox.clock.advance(60);
      await d.sandbox.notificationsIdle();
    }
    await d.service.worker.drain();
    for (const userId of d.users) expect(await d.diff(userId)).toEqual([]);
    expect(d.sandbox.stats().notifications.retries).toBeGreaterThan(0);
    expect(d.sandbox.stats().notifications.subscriptionsRemoved).toBe(0);
  });

  it("subscribes again what Withings removed after failed notifications, and catches up", async () => {
    const d = await deployment({ kind, users: 1, notifications: { retries: false } });
    const userid = d.users[0]!;
    d.reachable.now = false;
    // Four blood-pressure readings whose notifications fail: Withings drops the subscription.
    for (let k = 0; k < 4; k++) {
      d.sandbox.clock.advance(600);
      await d.sandbox.editData({ userid, change: changes(d.now(), k)[0]! });
    }
    expect(d.sandbox.stats().notifications.subscriptionsRemoved).toBe(1);
    d.reachable.now = true;
    d.sandbox.clock.advance(600);
    await d.sandbox.editData({ userid, change: changes(d.now(), 5)[0]! });
    expect(await d.notifications()).toEqual([]);
    // The daily upkeep puts it back; the catch-up brings what its notifications told.
    expect(await d.service.keeper!.keep()).toMatchObject({ subscribed: 1, failed: [] });
    expect(await d.service.catchUp.tick()).toBe(1);
    await d.service.worker.drain();
    expect(await d.diff(userid)).toEqual([]);
    d.sandbox.clock.advance(600);
    const next = await d.sandbox.editData({ userid, change: changes(d.now(), 6)[0]! });
    expect(next.notifications).toEqual({ sent: 1, failed: 0 });
  });

  it("marks an unlinked participant revoked, and keeps it so through its late notifications", async () => {
    const d = await deployment({ kind, users: 2 });
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    const [gone, kept] = d.users as [string, string];
    d.reachable.now = false;
    await d.sandbox.editData({ userid: gone, change: changes(d.now(), 0)[0]! });
    d.reachable.now = true;
    expect((await d.sandbox.unlinkUser(gone)).notifications).toEqual({ sent: 1, failed: 0 });
    // Withings retries the reading's notification for a user who is no longer linked: its
    // run finds the tokens dead and is dropped; the other participant's goes on.
    d.sandbox.clock.advance(15);
    await d.sandbox.notificationsIdle();
    await d.sandbox.editData({ userid: kept, change: changes(d.now(), 1)[0]! });
    expect(await d.service.worker.drain()).toBe(2);
    expect(await d.diff(kept)).toEqual([]);
    const outcomes = Object.fromEntries(
      ((await d.notifications()) as { outcome: string; n: number }[]).map((o) => [o.outcome, o.n]),
    );
    expect(outcomes).toEqual({ revoked: 1, queued: 2 });
    const status = await d.service.fetch(
      new Request("http://kit/admin/status", { headers: { authorization: `Bearer ${ADMIN}` } }),
    );
    const { participants } = (await status.json()) as {
      participants: { userId: string; link: string }[];
    };
    expect(participants.find((p) => p.userId === gone)?.link).toBe("revoked");
    expect(participants.find((p) => p.userId === kept)?.link).toBe("linked");
    // The catch-up leaves it alone.
    d.sandbox.clock.advance(DAY);
    expect(await d.service.catchUp.tick()).toBe(1);
  });

  it("takes back a participant who enrols again after an unlink that arrived late", async () => {
    const d = await deployment({ kind, users: 1 });
    const userid = d.users[0]!;
    await d.service.catchUp.tick();
    await d.service.worker.drain();
    // The unlink reaches the service after the participant has logged in again.
    await d.service.users.mark(userid, "revoked", d.now());
    await d.sandbox.editData({ userid, change: changes(d.now(), 0)[0]! });
    expect(await d.service.worker.drain()).toBe(1);
    expect(await d.diff(userid)).toEqual([]);
    expect(await d.service.users.active([userid])).toEqual([userid]);
  });

  it("keeps every user subscribed, and subscribes again what Withings removed", async () => {
    const d = await deployment({ kind, users: 2, subscribe: false });
    const keeper = d.service.keeper!;
    const all = SUBSCRIBED_APPLIS.length;
    expect(await keeper.keep()).toEqual({
      callbackReachable: true,
      subscribed: 2 * all,
      present: 0,
      failed: [],
    });
    await d.client.user(d.users[0]!).notifyRevoke({ callbackurl: CALLBACK, appli: 44 });
    expect(await keeper.keep()).toMatchObject({ subscribed: 1, present: 2 * all - 1 });
    // A user whose login died is left alone.
    await d.service.users.mark(d.users[1]!, "token-dead", d.now());
    expect(await keeper.keep()).toMatchObject({ subscribed: 0, present: all });
  });

  it("subscribes nothing while the public callback does not answer", async () => {
    const d = await deployment({ kind, users: 1, subscribe: false });
    const { SubscriptionKeeper } = await import("../src/index.js");
    const keeper = new SubscriptionKeeper({
      client: d.client,
      callbackUrl: CALLBACK,
      users: async () => d.users,
      fetch: async () => new Response(null, { status: 502 }),
    });
    expect(await keeper.keep()).toEqual({
      callbackReachable: false,
      subscribed: 0,
      present: 0,
      failed: [],
    });
    expect((await d.client.user(d.users[0]!).notifyList()).profiles).toEqual([]);
  });

  it("shows the coordinator each participant and the operator metrics, behind the admin token, without a secret", async () => {
    const d = await deployment({ kind, users: 2 });
    for (const userId of d.users) {
      await d.service.queue.enqueue({
        userId,
        datasets: "all",
        priority: "notification",
        now: d.now(),
      });
    }
    await d.service.worker.drain();
    for (const change of changes(d.now(), 0)) {
      await d.sandbox.editData({ userid: d.users[0]!, change });
    }
    await d.service.worker.drain();
    const get = (path: string, token?: string) =>
      d.service.fetch(
        new Request(
          `http://kit${path}`,
          token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
        ),
      );
    expect((await get("/admin/status")).status).toBe(401);
    expect((await get("/admin/status", "wrong")).status).toBe(401);
    expect((await get("/metrics")).status).toBe(401);
    const status = await get("/admin/status", ADMIN);
    expect(status.status).toBe(200);
    const text = await status.text();
    const doc = JSON.parse(text) as {
      participants: {
        userId: string;
        link: string;
        rows: Record<string, number>;
        latestVitals: Record<string, unknown> | null;
        daysSinceLastReading: number | null;
        lastNotificationAt: number | null;
      }[];
    };
    expect(doc.participants.map((p) => p.userId).sort()).toEqual([...d.users].sort());
    const first = doc.participants.find((p) => p.userId === d.users[0])!;
    expect(first).toMatchObject({ link: "linked", daysSinceLastReading: 0 });
    expect(first.rows["measures"]).toBeGreaterThan(0);
    expect(first.latestVitals).toMatchObject({ systolic: 121, diastolic: 79 });
    expect(first.lastNotificationAt).not.toBeNull();
    const metrics = await (await get("/metrics", ADMIN)).text();
    expect(metrics).toMatch(/withings_kit_notifications_total\{outcome="queued"\} [1-9]/);
    expect(metrics).toMatch(/withings_kit_jobs_total\{result="done"\} [1-9]/);
    expect(metrics).toContain("withings_kit_sync_lag_seconds 0");
    for (const secret of d.secrets) {
      expect(text).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }
  });

  it("answers readiness, and the webhook's HEAD probe that subscribing needs", async () => {
    const d = await deployment({ kind, users: 1 });
    const ready = await d.service.fetch(new Request("http://kit/readyz"));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ok",
      checks: { database: "ok", queue: "ok", callback: "ok" },
    });
    // Subscribing succeeded for every appli: the sandbox accepted the HEAD answer.
    const { profiles } = await d.client.user(d.users[0]!).notifyList();
    expect(profiles.map((p) => p.appli).sort((a, b) => a - b)).toEqual(
      [...SUBSCRIBED_APPLIS].sort((a, b) => a - b),
    );
  });
});
