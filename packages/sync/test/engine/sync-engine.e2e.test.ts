import type { SyncReport } from "@withings-kit/sync";
import { minimumRequests } from "@withings-kit/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffRows, expectedRows, storedRows, volumeCounter } from "./helpers/row-sets.js";
import { type SandboxUser, sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

// Noon UTC: runs that move the clock by seconds never cross a day (device batteries change
// with the UTC day).
const START = Date.UTC(2026, 0, 14, 12, 0, 0) / 1000;
const DAY = 86_400;

function byDataset(report: SyncReport) {
  const out: Record<
    string,
    { added: number; changed: number; deleted: number; requests: number; reconciled: boolean }
  > = {};
  for (const d of report.users[0]?.datasets ?? []) out[d.dataset] = d;
  return out;
}

describe("sync engine, end to end against the sandbox", () => {
  let world: World;
  let cloud: SandboxUser;

  beforeAll(() => {
    world = createWorld({ seed: 7, sandbox: { startTime: START } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it("stores exactly the sandbox's records after a full sync, close to the fewest requests", async () => {
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 2 });
    await world.client.saveTokens(tokens);
    cloud = sandboxUser(world.sandbox, 0);

    const report = await world.engine.run();
    expect(report.ok, JSON.stringify(report.users[0]?.datasets.filter((d) => d.error))).toBe(true);
    const now = world.sandbox.clock.nowSeconds();
    expect(now).toBe(START); // nothing slept: the snapshot below is the cloud the sync saw

    const volume = volumeCounter();
    const expected = expectedRows(cloud.data, now);
    expect(await diffRows(storedRows(world.store, cloud.userId), expected, volume.sink)).toEqual(
      [],
    );
    for (const [dataset, n] of Object.entries(volume.volume()))
      expect(n, dataset).toBeGreaterThan(0);

    const minimum = minimumRequests(volume.volume()).total;
    const sent = world.sandbox.stats().requests.total;
    expect(report.totals.requests).toBe(sent);
    expect(sent / minimum).toBeLessThanOrEqual(1.05);
    expect(world.sandbox.stats().tooManyRequests.total).toBe(0);
  }, 240_000);

  it("a second sync with no new data changes nothing and costs one request per list", async () => {
    // Past the 10 s duplicate guard; the sandbox confirms no record arrives meanwhile.
    const before = world.sandbox.stats().requests.total;
    world.sandbox.clock.advance(15);
    const quiet = cloud.data.answer(
      "measure.getmeas",
      new URLSearchParams({ lastupdate: String(START) }),
      START + 15,
    ) as { measuregrps: unknown[] };
    expect(quiet.measuregrps).toEqual([]);

    const report = await world.engine.run();
    expect(report.ok).toBe(true);
    const d = byDataset(report);
    for (const name of [
      "devices",
      "goals",
      "measures",
      "objectives",
      "activity",
      "workouts",
      "sleep_summaries",
      "ecg",
    ]) {
      expect(d[name]?.requests, name).toBe(1);
    }
    for (const name of ["intraday", "sleep", "ecg_signal"]) expect(d[name]?.requests, name).toBe(0);
    expect(report.totals).toMatchObject({ added: 0, changed: 0, deleted: 0, requests: 8 });
    expect(world.sandbox.stats().requests.total - before).toBe(8);
  }, 60_000);

  it("picks up new, edited, late and deleted data (deletions through the reconcile)", async () => {
    const now = world.sandbox.clock.nowSeconds();
    const snap = cloud.data.snapshot(now);
    const recent = now - 20 * DAY;
    // A weigh-in of several measures, edited down to its weight alone: the group's other
    // rows must go (a group is one record of many rows).
    const weight = snap.measures.find(
      (g) => g.date > recent && g.measures.length > 3 && g.measures.some((m) => m.type === 1),
    )!;
    const doomedGroup = snap.measures.find(
      (g) => g.date > recent && g.grpid !== weight.grpid && g.category === 1,
    )!;
    const trackerDays = snap.activity.filter(
      (a) => a.is_tracker === true && (a.steps ?? 0) > 0 && a.date >= snap.activity.at(-20)!.date,
    );
    const editedDay = trackerDays[0]!;
    const doomedDay = trackerDays[1]!;
    const workout = snap.workouts.filter((w) => w.startdate > recent).at(-1)!;
    const [night, doomedNight] = snap.sleep.filter((s) => s.startdate > recent);
    const doomedEcg = snap.ecg.filter((r) => r.timestamp > now - 29 * DAY).at(0)!;
    const device = snap.devices.at(-1)!;
    expect([
      weight,
      doomedGroup,
      editedDay,
      doomedDay,
      workout,
      night,
      doomedNight,
      doomedEcg,
      device,
    ]).not.toContain(undefined);

    // New, and late: an old date uploaded now (found by lastupdate, not by date).
    await cloud.edit({
      op: "add",
      dataset: "measures",
      record: { date: now - 600, measures: [{ value: 72150, type: 1, unit: -3 }] },
    });
    await cloud.edit({
      op: "add",
      dataset: "measures",
      record: { date: now - 400 * DAY, measures: [{ value: 3710, type: 71, unit: -2 }] },
    });
    await cloud.edit({
      op: "add",
      dataset: "workouts",
      record: {
        startdate: now - 100 * DAY,
        enddate: now - 100 * DAY + 1800,
        category: 2,
        data: { calories: 210 },
      },
    });
    // A recording listed days after it was taken: heart list has no lastupdate, so only the
    // reconcile's re-read of the window finds it.
    await cloud.edit({ op: "add", dataset: "ecg", record: { timestamp: now - 3 * DAY } });
    // Edited.
    const m0 = weight.measures.find((m) => m.type === 1)!;
    await cloud.edit({
      op: "edit",
      dataset: "measures",
      id: weight.grpid,
      record: { measures: [{ ...m0, value: m0.value + 500 }] },
    });
    await cloud.edit({
      op: "edit",
      dataset: "activity",
      id: editedDay.date,
      record: { steps: (editedDay.steps ?? 0) + 4321 },
    });
    await cloud.edit({
      op: "edit",
      dataset: "sleep",
      id: night!.id,
      record: { data: { ...night!.data, sleep_score: 99 } },
    });
    await cloud.edit({ op: "edit", dataset: "goals", record: { steps: 12_345 } });
    // Deleted.
    await cloud.edit({ op: "delete", dataset: "measures", id: doomedGroup.grpid });
    await cloud.edit({ op: "delete", dataset: "activity", id: doomedDay.date });
    await cloud.edit({ op: "delete", dataset: "workouts", id: workout.id });
    await cloud.edit({ op: "delete", dataset: "sleep", id: doomedNight!.id });
    await cloud.edit({ op: "delete", dataset: "ecg", id: doomedEcg.ecg.signalid });
    await cloud.edit({ op: "delete", dataset: "devices", id: device.deviceid });

    // A day later the scheduled reconcile is due; new synthetic days arrive meanwhile too.
    world.sandbox.clock.advance(DAY + 3600);
    const report = await world.engine.run();
    expect(report.ok, JSON.stringify(report.users[0]?.datasets.filter((x) => x.error))).toBe(true);
    const d = byDataset(report);
    for (const name of [
      "measures",
      "objectives",
      "activity",
      "workouts",
      "sleep_summaries",
      "ecg",
    ]) {
      expect(d[name]?.reconciled, name).toBe(true);
    }
    for (const name of [
      "measures",
      "activity",
      "workouts",
      "sleep_summaries",
      "ecg",
      "devices",
      "intraday",
      "sleep",
      "ecg_signal",
    ]) {
      expect(d[name]?.deleted, name).toBeGreaterThan(0);
    }
    // The edited weigh-in was replaced whole (deleted, then written); edited days and
    // nights count as changed.
    expect(d["activity"]?.changed).toBeGreaterThan(0);
    expect(d["sleep_summaries"]?.changed).toBeGreaterThan(0);
    expect(d["goals"]?.changed).toBe(1);

    const weightRows: unknown[] = [];
    const at0 = { from: weight.date, to: weight.date + 1 };
    for await (const row of world.store.rows({
      dataset: "measures",
      userId: cloud.userId,
      ...at0,
    })) {
      if ((row as { grpid: number }).grpid === weight.grpid) weightRows.push(row);
    }
    expect(weightRows).toHaveLength(1);

    const at = world.sandbox.clock.nowSeconds();
    expect(
      await diffRows(storedRows(world.store, cloud.userId), expectedRows(cloud.data, at)),
    ).toEqual([]);
    expect(world.sandbox.stats().tooManyRequests.total).toBe(0);
  }, 240_000);
});
