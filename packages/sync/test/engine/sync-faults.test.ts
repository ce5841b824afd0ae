import { afterAll, describe, expect, it } from "vitest";
import { diffRows, expectedRows, storedRows } from "./helpers/row-sets.js";
import { sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 2, 3, 12, 0, 0) / 1000;

// 10 % of requests meet a fault: gateway errors, hangs, cut answers, spurious 401 and 601.
// Lists that say "no more" too early (the paging quirk) can only hit list pages, a small
// share of a sync's requests, so that kind is drawn more often to be met at all.
const FAULTS = {
  "http-500": 0.015,
  "http-502": 0.015,
  "http-503": 0.01,
  hang: 0.01,
  "truncated-json": 0.015,
  "spurious-401": 0.015,
  "spurious-601": 0.01,
  "paging-quirk": 0.3,
} as const;

describe("sync engine under faults", () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it("ends with the same database as a fault-free run", async () => {
    // A hang only ends when the client gives up: a short timeout keeps the test quick.
    const faulty = createWorld({
      seed: 11,
      // Default page sizes: the client's full-page probe, which undoes the paging quirk,
      // knows a page is full by the page sizes of its endpoint table.
      sandbox: { startTime: START, faults: { rates: FAULTS, seed: 5 } },
      client: { timeoutMs: 300 },
    });
    worlds.push(faulty);
    const tokens = faulty.sandbox.createUser({ profile: "vitals-study", years: 1 });
    await faulty.client.saveTokens(tokens);

    const report = await faulty.engine.run();
    const stats = faulty.sandbox.stats();
    const injected = Object.values(stats.faults).reduce((a, b) => a + (b ?? 0), 0);
    expect(injected).toBeGreaterThan(40);
    for (const kind of Object.keys(FAULTS))
      expect(stats.faults[kind as keyof typeof FAULTS] ?? 0, kind).toBeGreaterThan(0);
    expect(report.ok, JSON.stringify(report.users[0]?.datasets.filter((d) => d.error))).toBe(true);

    // Retries slept, so simulated time moved on and new synthetic data arrived during the
    // run: one fault-free incremental run brings the database to one instant, `at`.
    faulty.sandbox.setFaults({});
    faulty.sandbox.clock.advance(15);
    const catchUp = await faulty.engine.run();
    expect(catchUp.ok).toBe(true);
    const at = faulty.sandbox.clock.nowSeconds();

    // The reference: the same cloud, synced once without faults at that instant.
    const clean = createWorld({ seed: 11, sandbox: { startTime: START } });
    worlds.push(clean);
    const cleanTokens = clean.sandbox.createUser({ profile: "vitals-study", years: 1 });
    expect(cleanTokens.userid).toBe(tokens.userid);
    await clean.client.saveTokens(cleanTokens);
    clean.sandbox.clock.set(at);
    const cleanReport = await clean.engine.run();
    expect(cleanReport.ok).toBe(true);
    expect(clean.sandbox.clock.nowSeconds()).toBe(at);

    const faultyRows = storedRows(faulty.store, tokens.userid);
    expect(await diffRows(faultyRows, storedRows(clean.store, tokens.userid))).toEqual([]);
    const cloud = sandboxUser(clean.sandbox, 0);
    expect(await diffRows(faultyRows, expectedRows(cloud.data, at))).toEqual([]);
  }, 240_000);
});
