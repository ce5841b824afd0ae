import { afterAll, describe, expect, it } from "vitest";
import { sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 0, 14, 12, 0, 0) / 1000;
const DAY = 86_400;

// Heart list has no `lastupdate`: its walk asks from `startdate` on the recordings' own
// `timestamp`, a device's clock. Before the fix one recording stamped a month ahead put the
// cursor a month ahead, and every incremental walk until then asked past every new recording.
describe("the ECG cursor", () => {
  let world: World | undefined;
  afterAll(async () => {
    await world?.close();
  });

  it("never passes the run's start, whatever a device's clock says", async () => {
    world = createWorld({ seed: 71, sandbox: { startTime: START } });
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 0.2 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    expect((await world.engine.run({ datasets: ["ecg"] })).ok).toBe(true);

    world.sandbox.clock.advance(60);
    await cloud.edit({ op: "add", dataset: "ecg", record: { timestamp: START + 30 * DAY } });
    world.sandbox.clock.advance(60);
    const startedAt = world.sandbox.clock.nowSeconds();
    const ahead = await world.engine.run({ datasets: ["ecg"] });
    const ecg = ahead.users[0]!.datasets[0]!;
    expect(ecg.added).toBeGreaterThan(0);
    expect(ecg.cursor).toBe(startedAt);
    expect((await world.store.getState(tokens.userid, "ecg"))?.cursor).toBe(startedAt);

    // A recording taken now is found by the next incremental walk (no reconcile is due).
    world.sandbox.clock.advance(600);
    const now = world.sandbox.clock.nowSeconds();
    await cloud.edit({ op: "add", dataset: "ecg", record: { timestamp: now - 60 } });
    world.sandbox.clock.advance(60);
    const next = (await world.engine.run({ datasets: ["ecg"] })).users[0]!.datasets[0]!;
    expect(next.reconciled).toBe(false);
    expect(next.added).toBe(1);
  }, 60_000);
});
