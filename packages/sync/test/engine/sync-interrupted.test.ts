import { type Store, type StoreBatch, StoreError } from "@withings-kit/sync";
import { afterAll, describe, expect, it } from "vitest";
import { diffRows, expectedRows, storedRows } from "./helpers/row-sets.js";
import { sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 4, 20, 12, 0, 0) / 1000;

// A store that fails its n-th write, as a full disk or a killed process would stop it.
function failingAt(store: Store, n: number): Store {
  let writes = 0;
  return {
    apply(batch: StoreBatch) {
      if (++writes === n) return Promise.reject(new StoreError("STORE_IO", `write ${n} failed`));
      return store.apply(batch);
    },
    getState: (u, d) => store.getState(u, d),
    recordKeys: (u, d, f, t) => store.recordKeys(u, d, f, t),
    rows: (q) => store.rows(q),
    counts: (u) => store.counts(u),
    users: () => store.users(),
    units: (u, d, o) => store.units(u, d, o),
    lock: (u, h, o) => store.lock(u, h, o),
    unlock: (u, h) => store.unlock(u, h),
    close: () => store.close(),
  };
}

describe("an interrupted sync", () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it("loses nothing and skips nothing when writes fail at any point, then reruns", async () => {
    const world = createWorld({ seed: 21, sandbox: { startTime: START } });
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 0.3 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    const { createSyncEngine } = await import("@withings-kit/sync");
    // Each failure stops one dataset mid-way (the others of the run go on); whatever was
    // committed must be consistent with its cursor. Later runs have less left to write, so
    // not every n is reached.
    let failures = 0;
    for (const n of [3, 40, 9, 120, 7, 5, 2, 11]) {
      const engine = createSyncEngine({
        client: world.client,
        store: failingAt(world.store, n),
        clock: world.sandbox.clock,
      });
      const report = await engine.run();
      const failed = report.users[0]!.datasets.filter((d) => d.error);
      expect(failed.length).toBeLessThanOrEqual(1);
      if (failed.length === 1) {
        failures++;
        expect(failed[0]!.error?.code).toBe("STORE_IO");
      }
      world.sandbox.clock.advance(11);
    }
    // Every run writes at least once per dataset: an n of 11 or less is always reached.
    expect(failures).toBeGreaterThanOrEqual(6);
    const report = await world.engine.run();
    expect(report.ok).toBe(true);
    const at = world.sandbox.clock.nowSeconds();
    expect(
      await diffRows(storedRows(world.store, tokens.userid), expectedRows(cloud.data, at)),
    ).toEqual([]);
  }, 120_000);

  it("stops between requests when its signal aborts, and resumes", async () => {
    const world = createWorld({ seed: 22, sandbox: { startTime: START } });
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 0.3 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    const controller = new AbortController();
    let details = 0;
    const { createSyncEngine } = await import("@withings-kit/sync");
    const engine = createSyncEngine({
      client: world.client,
      store: world.store,
      clock: world.sandbox.clock,
      onProgress: (p) => {
        if (p.phase === "detail" && ++details === 30) controller.abort(new Error("stop"));
      },
    });
    const stopped = await engine.run({ signal: controller.signal });
    expect(stopped.ok).toBe(false);
    expect(stopped.users[0]!.datasets.at(-1)!.error?.message).toBe("stop");
    world.sandbox.clock.advance(11);
    const resumed = await world.engine.run();
    expect(resumed.ok).toBe(true);
    const at = world.sandbox.clock.nowSeconds();
    expect(
      await diffRows(storedRows(world.store, tokens.userid), expectedRows(cloud.data, at)),
    ).toEqual([]);
  }, 120_000);
});
