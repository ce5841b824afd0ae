import { sqliteHandle } from "@withings-kit/sync/internal";
import { openSqliteStore, type SqliteStore } from "@withings-kit/sync/sqlite";
import fc from "fast-check";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import {
  type NotificationOutcome,
  openServiceDatabase,
  SqliteJobQueue,
  SqliteNotificationInbox,
  SqliteServiceUsers,
  webhookRouter,
} from "../src/index.js";

const TOKEN = "s3cret-path-token";
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function receiver(options: { maxPerSecond?: number; failing?: boolean } = {}) {
  const store = openSqliteStore(":memory:");
  stores.push(store);
  openServiceDatabase(sqliteHandle(store).database);
  const queue = new SqliteJobQueue(sqliteHandle(store).database);
  const users = new SqliteServiceUsers(sqliteHandle(store).database);
  const inbox = new SqliteNotificationInbox(
    sqliteHandle(store).database,
    queue,
    users,
    async (id) => id === "42",
  );
  const outcomes: NotificationOutcome[] = [];
  let now = 1_700_000_000;
  const app = new Hono().route(
    "/",
    webhookRouter({
      token: TOKEN,
      inbox: options.failing
        ? {
            receive: async () => {
              throw new Error("disk full");
            },
          }
        : inbox,
      now: () => now,
      ...(options.maxPerSecond === undefined ? {} : { maxPerSecond: options.maxPerSecond }),
      onNotification: (o) => outcomes.push(o),
    }),
  );
  const post = (body: string, token = TOKEN) =>
    app.request(`/webhooks/withings/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  const rows = () =>
    sqliteHandle(store)
      .database.prepare("SELECT user_id, appli, outcome FROM service_notifications ORDER BY id")
      .all();
  const jobs = () =>
    sqliteHandle(store).database.prepare("SELECT user_id, datasets FROM service_jobs").all();
  return { app, post, rows, jobs, queue, outcomes, tick: (s: number) => (now += s) };
}

describe("webhookRouter", () => {
  it("answers Withings' HEAD probe and a GET on the callback, and nothing else", async () => {
    const { app } = receiver();
    for (const method of ["HEAD", "GET"]) {
      expect((await app.request(`/webhooks/withings/${TOKEN}`, { method })).status).toBe(200);
      expect((await app.request("/webhooks/withings/wrong", { method })).status).toBe(404);
    }
    expect((await app.request("/webhooks/withings", { method: "POST" })).status).toBe(404);
    expect((await app.request(`/webhooks/withings/${TOKEN}`, { method: "PUT" })).status).toBe(404);
  });

  it("stores a notification before answering, and queues the datasets its appli names", async () => {
    const r = receiver();
    const res = await r.post("userid=42&appli=44&startdate=1700000000&enddate=1700003600");
    expect(res.status).toBe(200);
    expect(r.rows()).toEqual([{ user_id: "42", appli: 44, outcome: "queued" }]);
    expect(r.jobs()).toEqual([{ user_id: "42", datasets: '["sleep","sleep_summaries"]' }]);
    expect(r.outcomes).toEqual(["queued"]);
  });

  it("answers and records unknown users, unknown applis, bed events, unlinks and garbage", async () => {
    const r = receiver();
    for (const body of [
      "userid=7&appli=4",
      "userid=42&appli=99",
      "userid=42&appli=50",
      "appli=4",
      "%%%",
      "userid=42&appli=46&action=unlink",
    ]) {
      expect((await r.post(body)).status).toBe(200);
    }
    expect(r.rows().map((x) => (x as { outcome: string }).outcome)).toEqual([
      "unknown-user",
      "unknown-appli",
      "recorded",
      "malformed",
      "malformed",
      "revoked",
    ]);
    expect(r.jobs()).toEqual([]);
  });

  it("drops a revoked user's pending job", async () => {
    const r = receiver();
    await r.post("userid=42&appli=4");
    expect(r.jobs()).toHaveLength(1);
    await r.post("userid=42&appli=46&action=delete");
    expect(r.jobs()).toEqual([]);
  });

  it("refuses a wrong token, a huge body and a flood without storing them", async () => {
    const r = receiver({ maxPerSecond: 3 });
    expect((await r.post("userid=42&appli=4", "nope")).status).toBe(404);
    expect((await r.post(`userid=42&appli=4&x=${"a".repeat(10_000)}`)).status).toBe(413);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await r.post("userid=42&appli=4")).status);
    expect(answers).toEqual([200, 200, 200, 429, 429]);
    r.tick(1);
    expect((await r.post("userid=42&appli=4")).status).toBe(200);
    expect(r.rows()).toHaveLength(4);
  });

  it("answers 503 when the notification could not be stored, so Withings sends it again", async () => {
    const r = receiver({ failing: true });
    expect((await r.post("userid=42&appli=4")).status).toBe(503);
    expect(r.outcomes).toEqual([]);
  });

  it("answers any body and stores nothing but the notification (fuzzed)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString("latin1")),
          fc
            .dictionary(
              fc.constantFrom("userid", "appli", "startdate", "enddate", "date", "action"),
              fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String)),
            )
            .map((d) => new URLSearchParams(d).toString()),
        ),
        async (body) => {
          const r = receiver();
          const res = await r.post(body);
          expect(res.status).toBe(200);
          expect(r.rows()).toHaveLength(1);
          // Only user 42 is known: no other user ever gets a job.
          for (const job of r.jobs()) expect((job as { user_id: string }).user_id).toBe("42");
        },
      ),
      { numRuns: 200 },
    );
  });
});
