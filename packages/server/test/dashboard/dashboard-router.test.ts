// The dashboard's routes in-process (`app.request`), on a store synced from the sandbox: a
// participant with a year of vitals and one whose only readings the test writes.
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import type { DataChange } from "@withings-kit/sandbox";
import type { StoredRow } from "@withings-kit/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, dashboardRouter } from "../../src/index.js";
import { START, type SyncedStore, syncedStore } from "./helpers/synced-store.js";

const reading = (at: number, sys: number, dia: number, pulse: number): DataChange => ({
  op: "add",
  dataset: "measures",
  record: {
    date: at,
    measures: [
      { value: sys, type: 10, unit: 0 },
      { value: dia, type: 9, unit: 0 },
      { value: pulse, type: 11, unit: 0 },
    ],
  },
});

let world: SyncedStore;
let study: string;
let flagged: string;
beforeAll(async () => {
  world = await syncedStore([
    { profile: "vitals-study", years: 1 },
    {
      profile: "empty",
      years: 0,
      timezone: "America/New_York",
      changes: [reading(START - 3 * 86_400, 118, 76, 64), reading(START - 600, 165, 101, 77)],
    },
  ]);
  [study, flagged] = world.userIds as [string, string];
});
afterAll(async () => {
  await world?.close();
});

async function rows(dataset: "measures", userId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const row of world.store.rows({ dataset, userId }))
    out.push(row as Record<string, unknown>);
  return out;
}

interface Payload {
  total: number;
  drawn: number;
  x: number[];
  y: (number | null)[][];
  when: string[];
  device: (string | null)[];
}

describe("dashboardRouter", () => {
  it("shows the study view with out-of-range readings flagged, in words as well as colour", async () => {
    const app = dashboardRouter({ store: world.store, now: () => world.now });
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await res.text();
    const row = page.slice(page.indexOf(`data-user="${flagged}"`));
    expect(row).toMatch(
      /data-vital="systolic" class="flag"[^>]*>165 mmHg <span>\(out of range\)<\/span>/,
    );
    expect(row).toMatch(/data-vital="diastolic" class="flag"[^>]*>101 mmHg/);
    expect(row).toMatch(/data-vital="pulse" class=""[^>]*>77 bpm/);
    expect(row).toContain('data-out-of-range="2"');
    expect(row).toContain('data-days="0"');
    // The local time is New York's, where the reading was taken.
    expect(row).toContain("UTC-05:00 America/New_York");
  });

  it("takes the study's own ranges over the defaults", async () => {
    const app = dashboardRouter({
      store: world.store,
      now: () => world.now,
      ranges: { systolic: { atOrAbove: 170 }, diastolic: { atOrAbove: 110 } },
    });
    const page = await (await app.request("/")).text();
    const row = page.slice(page.indexOf(`data-user="${flagged}"`));
    expect(row).toMatch(/data-vital="systolic" class=""[^>]*>165 mmHg/);
    expect(row).toContain('data-out-of-range="0"');
  });

  it("counts days since the last reading from now", async () => {
    const app = dashboardRouter({ store: world.store, now: () => world.now + 5 * 86_400 });
    const page = await (await app.request("/")).text();
    const row = page.slice(page.indexOf(`data-user="${flagged}"`));
    expect(row).toContain('data-days="5"');
    expect(row).toContain('class="stale"');
  });

  it("answers each range preset with exactly the readings the store holds in it", async () => {
    const app = dashboardRouter({ store: world.store, now: () => world.now });
    const measures = await rows("measures", study);
    const bpGroups = (from: number) =>
      new Set(
        measures
          .filter(
            (r) =>
              (r["type"] === 10 || r["type"] === 9) &&
              r["category"] === 1 &&
              Date.parse(String(r["date"])) / 1000 >= from,
          )
          .map((r) => r["grpid"]),
      ).size;
    const totals: number[] = [];
    for (const [range, days] of [
      ["week", 7],
      ["month", 31],
      ["year", 366],
    ] as const) {
      const res = await app.request(
        `/users/${study}/series/blood-pressure.json?range=${range}&width=4000`,
      );
      const p = (await res.json()) as Payload;
      expect(p.total, range).toBe(bpGroups(START - days * 86_400));
      expect(p.drawn, range).toBe(p.total);
      totals.push(p.total);
    }
    const all = (await (
      await app.request(`/users/${study}/series/blood-pressure.json?range=all&width=4000`)
    ).json()) as Payload;
    expect(all.total).toBe(bpGroups(0));
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[0]! < totals[1]! && totals[1]! < totals[2]!).toBe(true);
  });

  it("draws a long history from real readings, keeping its extremes, each with its exact value and local time", async () => {
    const app = dashboardRouter({ store: world.store, now: () => world.now });
    const p = (await (
      await app.request(`/users/${study}/series/blood-pressure.json?range=all&width=100`)
    ).json()) as Payload;
    expect(p.drawn).toBeLessThan(p.total);
    expect(p.x).toHaveLength(p.drawn);
    const measures = await rows("measures", study);
    const systolic = measures.filter((r) => r["type"] === 10 && r["category"] === 1);
    const stored = new Set(
      systolic.map((r) => `${r["localDate"]} ${r["localTime"]}|${r["value"]}`),
    );
    p.y[0]!.forEach((v, i) => {
      if (v === null) return;
      // "2025-01-14 07:22:17 UTC+01:00 Europe/Paris": the stored local date and time.
      const local = p.when[i]!.split(" ").slice(0, 2).join(" ");
      expect(stored.has(`${local}|${v}`), `${p.when[i]} ${v}`).toBe(true);
    });
    const values = systolic.map((r) => r["value"] as number);
    const drawn = p.y[0]!.filter((v): v is number => v !== null);
    expect(Math.max(...drawn)).toBe(Math.max(...values));
    expect(Math.min(...drawn)).toBe(Math.min(...values));
  });

  it("escapes what the store holds and answers 404 to what it does not", async () => {
    const measures = await rows("measures", flagged);
    const grpid = measures.at(-1)!["grpid"];
    const group = measures.filter((r) => r["grpid"] === grpid);
    await world.store.apply({
      userId: flagged,
      dataset: "measures",
      upsert: group.map((r) => ({
        ...r,
        model: '<script>alert("x")</script>',
      })) as unknown as StoredRow[],
    });
    const app = dashboardRouter({ store: world.store, now: () => world.now });
    const page = await (await app.request(`/users/${flagged}`)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    for (const path of [
      "/users/99999999",
      `/users/${encodeURIComponent("<b>")}`,
      `/users/${study}/series/nothing.json`,
      `/users/${study}/series/blood-pressure`,
      `/users/${study}/ecg/123`,
      `/users/${study}/ecg/abc`,
      `/users/${study}/ecg/123/signal.json`,
      "/assets/nothing.js",
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("serves uPlot, its script and stylesheet itself", async () => {
    const app = dashboardRouter({ store: world.store });
    for (const [path, type] of [
      ["/assets/uPlot.iife.min.js", "text/javascript"],
      ["/assets/uPlot.min.css", "text/css"],
      ["/assets/dashboard.js", "text/javascript"],
      ["/assets/dashboard.css", "text/css"],
    ] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect((await res.text()).length).toBeGreaterThan(500);
    }
  });

  it("is mounted in the service at /admin/dashboard behind the admin token", async () => {
    const admin = "dashboard-admin-token-0123456789";
    const { clientId, clientSecret } = world.sandbox.defaultApp;
    const client = createWithingsClient({
      clientId,
      clientSecret,
      fetch: (request) => world.sandbox.fetch(request),
      clock: world.sandbox.clock,
      rateLimiter: new TokenBucket({ clock: world.sandbox.clock, limit: 1000, windowMs: 60_000 }),
    });
    const service = (adminToken?: string) =>
      createService({
        store: world.store,
        client,
        webhookToken: "dashboard-webhook-token-0123456789",
        clock: world.sandbox.clock,
        ...(adminToken === undefined ? {} : { adminToken }),
      });
    const off = service();
    expect((await off.app.request("/admin/dashboard/")).status).toBe(404);
    const on = service(admin);
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`coordinator:${password}`).toString("base64")}`,
    });
    for (const path of [
      "/admin/dashboard",
      "/admin/dashboard/",
      `/admin/dashboard/users/${study}`,
      "/admin/dashboard/assets/dashboard.js",
    ]) {
      expect((await on.app.request(path)).status, path).toBe(401);
      expect((await on.app.request(path, { headers: basic("wrong") })).status, path).toBe(401);
    }
    expect((await on.app.request("/admin/dashboard/", { headers: basic(admin) })).status).toBe(302);
    const res = await on.app.request("/admin/dashboard", { headers: basic(admin) });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`href="/admin/dashboard/users/${study}"`);
    expect(page).not.toContain(admin);
    const series = await on.app.request(
      `/admin/dashboard/users/${study}/series/blood-pressure.json?range=week`,
      { headers: { authorization: `Bearer ${admin}` } },
    );
    expect(series.status).toBe(200);
  });
});
