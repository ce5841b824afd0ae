// Participants enrol through the service's enrolment page and the sandbox's consent page,
// over real HTTP; then their data reaches the database through notifications alone.
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import type { SyncDataset } from "@withings-kit/sync";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { openSqliteStore, type SqliteStore } from "@withings-kit/sync/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import { type RunningService, startService } from "../src/index.js";
import { freePort } from "./helpers/free-port.js";
import { queueIdle } from "./helpers/queue-idle.js";

const TOKEN = "enrolment-e2e-webhook-token-0123456789";
const COMPARED: readonly SyncDataset[] = [
  "measures",
  "sleep_summaries",
  "sleep",
  "ecg",
  "ecg_signal",
];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function deployment(): Promise<{
  sandbox: SandboxServer;
  service: RunningService;
  store: SqliteStore;
}> {
  const sandbox = await startSandboxServer({
    port: 0,
    seed: 4,
    rateLimit: { limit: 100_000, windowSeconds: 60 },
  });
  closers.push(() => sandbox.close());
  const store = openSqliteStore(":memory:");
  closers.push(() => store.close());
  const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
  // A quota the test never reaches: the real 120 a minute would make it wait a minute.
  const client = createWithingsClient({
    clientId,
    clientSecret,
    cloud: sandbox.url,
    rateLimiter: new TokenBucket({ limit: 100_000, windowMs: 60_000 }),
  });
  // The public URL is the service's own: loopback, which the sandbox's app accepts.
  const port = await freePort();
  const service = await startService({
    store,
    client,
    webhookToken: TOKEN,
    port,
    pollMs: 50,
    publicUrl: `http://127.0.0.1:${port}`,
  });
  closers.push(() => service.close());
  return { sandbox, service, store };
}

// The participant's browser: the enrolment page, Withings' consent ("Allow" for `userid`),
// and back.
async function enrol(
  d: { sandbox: SandboxServer; service: RunningService },
  userid: string,
  code: string,
) {
  const landing = await fetch(`${d.service.url}/enrol?study=BP%20study&code=${code}`);
  expect(landing.status).toBe(200);
  const page = await landing.text();
  expect(page).toContain("Continue to Withings");
  const start = /href="([^"]+)"/.exec(page)![1]!.replaceAll("&amp;", "&");
  const toWithings = await fetch(new URL(start, d.service.url), { redirect: "manual" });
  expect(toWithings.status).toBe(302);
  const consent = new URL(toWithings.headers.get("location")!);
  expect(consent.origin).toBe(d.sandbox.url);
  consent.searchParams.set("sandbox_user", userid);
  consent.searchParams.set("sandbox_approve", "1");
  const back = await fetch(consent, { redirect: "manual" });
  expect(back.status).toBe(302);
  return fetch(back.headers.get("location")!);
}

describe("enrolment", () => {
  it("enrols participants through Withings' consent, then keeps them current from notifications", async () => {
    const d = await deployment();
    const users = [0, 1, 2].map(
      () => d.sandbox.sandbox.createUser({ profile: "empty", years: 0 }).userid,
    );
    for (const [i, userid] of users.entries()) {
      const done = await enrol(d, userid, `P-${i}`);
      expect(done.status).toBe(200);
      expect(await done.text()).toContain(`participant <strong>P-${i}</strong>`);
    }
    await queueIdle(d.service);
    const rows = sqliteHandle(d.store)
      .database.prepare(
        "SELECT user_id, study, participant_code, status FROM service_users ORDER BY participant_code",
      )
      .all();
    expect(rows).toEqual(
      users.map((u, i) => ({
        user_id: u,
        study: "BP study",
        participant_code: `P-${i}`,
        status: "linked",
      })),
    );
    // Each is subscribed at the service's callback.
    const now = Math.floor(d.sandbox.sandbox.clock.nowSeconds());
    for (const userid of users) {
      const night = now - 30 * 3600;
      for (const change of [
        {
          op: "add",
          dataset: "measures",
          record: {
            date: now - 600,
            measures: [
              { value: 128, type: 10, unit: 0 },
              { value: 84, type: 9, unit: 0 },
            ],
          },
        },
        { op: "add", dataset: "sleep", record: { startdate: night, enddate: night + 6 * 3600 } },
        { op: "add", dataset: "ecg", record: { timestamp: now - 900, ecg: { afib: 0 } } },
      ] as const) {
        const { notifications } = await d.sandbox.sandbox.editData({ userid, change });
        expect(notifications).toEqual({ sent: 1, failed: 0 });
      }
    }
    await queueIdle(d.service);
    const at = Math.floor(d.sandbox.sandbox.clock.nowSeconds());
    for (const userid of users) {
      const diff = await diffRows(
        onlyDatasets(storedRows(d.store, userid), ...COMPARED),
        onlyDatasets(expectedRows(d.sandbox.sandbox.userData(userid), at), ...COMPARED),
      );
      expect(diff).toEqual([]);
      expect((await d.store.counts(userid)).measures).toBeGreaterThan(0);
    }
  });

  it("refuses broken links, unknown or reused states and a refused consent, storing nothing", async () => {
    const d = await deployment();
    expect((await fetch(`${d.service.url}/enrol?study=BP&code=`)).status).toBe(400);
    expect((await fetch(`${d.service.url}/enrol?study=BP&code=<script>`)).status).toBe(400);
    expect((await fetch(`${d.service.url}/enrol/callback?state=nope&code=x`)).status).toBe(400);
    const start = await fetch(`${d.service.url}/enrol/start?study=BP&code=P-9`, {
      redirect: "manual",
    });
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const denied = await fetch(
      `${d.service.url}/enrol/callback?state=${state}&error=access_denied`,
    );
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain("Withings did not give access");
    // The state was used up by the refusal.
    expect((await fetch(`${d.service.url}/enrol/callback?state=${state}&code=abc`)).status).toBe(
      400,
    );
    expect(
      sqliteHandle(d.store).database.prepare("SELECT count(*) FROM service_users").pluck().get(),
    ).toBe(0);
  });
});
