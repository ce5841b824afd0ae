import { describe, expect, it } from "vitest";
import {
  type DATA_ENDPOINT_KEYS,
  generateUser,
  SandboxParamError,
  type StoredMeasureGroup,
} from "../../src/data/index.js";
import { DAY, NOW, params, type Row, vitalsUser, walk } from "./helpers.js";

const value = (m: { value: number; unit: number }) => m.value * 10 ** m.unit;

describe("profiles", () => {
  it("empty: no devices, no data, `goals: []`", () => {
    const user = generateUser({ profile: "empty", years: 5, seed: 1, userId: "nobody", now: NOW });
    expect(user.answer("user.getgoals", params(), NOW)).toEqual({ goals: [] });
    expect(user.answer("user.getdevice", params(), NOW)).toEqual({ devices: [] });
    expect(walk(user, "measure.getmeas", {}).rows).toEqual([]);
    expect(walk(user, "measure.getactivity", { lastupdate: 0 }).rows).toEqual([]);
    expect(user.answer("measure.getintradayactivity", params(), NOW)).toEqual({ series: [] });
    expect(user.answer("sleep.get", params({ startdate: NOW - DAY, enddate: NOW }), NOW)).toEqual({
      series: [],
    });
    expect(Object.values(user.counts(NOW)).every((n) => n === 0)).toBe(true);
  });

  it("scale-only: a Body Scan with weight objectives, and nothing else", () => {
    const user = generateUser({
      profile: "scale-only",
      years: 2,
      seed: 2,
      userId: "scale",
      now: NOW,
    });
    const { measures, activity, sleep, ecg, workouts, devices, goals } = user.snapshot(NOW);
    expect(devices.map((d) => d.model_id)).toEqual([10]);
    expect(new Set(measures.map((g) => g.modelid))).toEqual(new Set([10, null]));
    expect(measures.some((g) => g.category === 2)).toBe(true);
    expect([activity, sleep, ecg, workouts].every((list) => list.length === 0)).toBe(true);
    expect(goals).toEqual({ weight: { value: expect.any(Number), unit: -3 } });
  });
});

describe("vitals-study realism", () => {
  const user = vitalsUser(3, 61, "realism");
  const groups: StoredMeasureGroup[] = [...user.snapshot(NOW).measures];
  const withType = (type: number) =>
    groups.flatMap((g) => g.measures.filter((m) => m.type === type).map((m) => ({ g, m })));

  it("has plausible blood pressure, pulse, temperature, SpO2 and weight", () => {
    const within = (type: number, lo: number, hi: number) => {
      const own = withType(type)
        .filter(({ g }) => g.attrib === 0)
        .map(({ m }) => value(m));
      expect(own.length).toBeGreaterThan(100);
      expect(Math.min(...own)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...own)).toBeLessThanOrEqual(hi);
    };
    within(10, 85, 190);
    within(9, 45, 120);
    within(11, 35, 130);
    within(71, 35.5, 39.8);
    within(54, 90, 100);
    within(1, 35, 160);
  });

  it("varies the unit exponent of one type (Q18) and uses -3 for body temperature", () => {
    expect(new Set(withType(1).map(({ m }) => m.unit))).toEqual(new Set([-2, -3, -4]));
    expect(new Set(withType(10).map(({ m }) => m.unit))).toEqual(new Set([0, -2]));
    expect(new Set(withType(71).map(({ m }) => m.unit))).toEqual(new Set([-3]));
  });

  it("splits one weigh-in into several groups at one timestamp (Q10), with attrib 0 and 8", () => {
    const byDate = new Map<number, StoredMeasureGroup[]>();
    for (const g of groups)
      if (g.modelid === 10) byDate.set(g.date, [...(byDate.get(g.date) ?? []), g]);
    const weighIn = [...byDate.values()].find((list) => list.length >= 3)!;
    expect(new Set(weighIn.map((g) => g.attrib))).toEqual(new Set([0, 8]));
    const main = weighIn.find((g) => g.measures.some((m) => m.type === 1))!;
    const segments = main.measures.filter((m) => m.type === 173).map((m) => m.position);
    expect(segments.sort((a, b) => a! - b!)).toEqual([2, 3, 10, 11, 12]);
    expect(main.measures.filter((m) => m.type === 76).map((m) => m.position)).toEqual([7]);
    expect(weighIn.find((g) => g.attrib === 8)!.measures.map((m) => m.type)).toEqual([91, 155]);
  });

  it("has ambiguous (attrib 1) and manual (attrib 2, no device) groups, and objectives (category 2)", () => {
    expect(groups.some((g) => g.attrib === 1)).toBe(true);
    const manual = groups.filter((g) => g.attrib === 2);
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((g) => g.deviceid === null && g.model === null && g.modelid === null)).toBe(
      true,
    );
    expect(groups.some((g) => g.category === 2)).toBe(true);
  });

  it("has gaps: trips without home readings and days without the watch", () => {
    const snap = user.snapshot(NOW);
    const bpDays = new Set(withType(10).map(({ g }) => Math.floor(g.date / DAY)));
    let longestGap = 0;
    const sorted = [...bpDays].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      longestGap = Math.max(longestGap, sorted[i]! - sorted[i - 1]!);
    expect(longestGap).toBeGreaterThanOrEqual(4);
    expect(snap.activity.some((a) => a.is_tracker === false)).toBe(true);
    // Some dates have two records (tracker and phone), some have none at all.
    const dates = new Set(snap.activity.map((a) => a.date));
    expect(dates.size).toBeLessThan(snap.activity.length);
    expect(dates.size).toBeLessThan(Math.floor(3 * 365.25));
  });

  it("lists the four devices with battery and session dates, and goals with a weight", () => {
    const { devices } = user.answer("user.getdevice", params(), NOW) as { devices: Row[] };
    expect(devices.map((d) => d.model_id)).toEqual([10, 44, 70, 93]);
    for (const d of devices) {
      expect(["high", "medium", "low"]).toContain(d.battery);
      expect(d.last_session_date as number).toBeGreaterThan(d.first_session_date as number);
      expect(d.last_session_date as number).toBeLessThanOrEqual(NOW);
      expect(d.hash_deviceid).toBe(d.deviceid);
    }
    expect(user.answer("user.getgoals", params(), NOW)).toEqual({
      goals: {
        steps: expect.any(Number),
        sleep: expect.any(Number),
        weight: { value: expect.any(Number), unit: -3 },
      },
    });
  });
});

describe("parameters", () => {
  const user = vitalsUser(1, 71, "params");
  const bad = (key: (typeof DATA_ENDPOINT_KEYS)[number], q: Record<string, string | number>) =>
    expect(() => user.answer(key, params(q), NOW)).toThrow(SandboxParamError);

  it("requires a ymd pair or lastupdate on getactivity and getsummary", () => {
    for (const key of ["measure.getactivity", "sleep.getsummary"] as const) {
      bad(key, {});
      bad(key, { startdateymd: "2025-12-01" });
    }
  });

  it("rejects malformed values", () => {
    bad("measure.getmeas", { startdate: "yesterday" });
    bad("measure.getmeas", { meastypes: "1,x" });
    bad("measure.getmeas", { startdate: NOW, enddate: NOW - 1 });
    bad("measure.getactivity", { startdateymd: "2025-02-30", enddateymd: "2025-03-01" });
    bad("measure.getactivity", { startdateymd: "2025-12-31", enddateymd: "2025-12-01" });
    bad("measure.getintradayactivity", { startdate: NOW, enddate: NOW - 10 });
    bad("heart.get", { signalid: "abc" });
  });

  it("filters getmeas by type, meastypes and category, and answers both categories by default", () => {
    const pick = (q: Record<string, string | number>) =>
      walk(user, "measure.getmeas", q).rows as unknown as StoredMeasureGroup[];
    expect(pick({ meastype: 71 }).every((g) => g.measures.some((m) => m.type === 71))).toBe(true);
    const bp = pick({ meastypes: "9,10" });
    expect(bp.length).toBeGreaterThan(0);
    expect(bp.every((g) => g.measures.some((m) => m.type === 9 || m.type === 10))).toBe(true);
    const all = pick({});
    expect(new Set(all.map((g) => g.category))).toEqual(new Set([1, 2]));
    expect(pick({ category: 2 }).every((g) => g.category === 2)).toBe(true);
    expect(pick({ category: 1 }).length + pick({ category: 2 }).length).toBe(all.length);
  });

  it("filters getmeas dates inclusively", () => {
    const g = user.snapshot(NOW).measures[50]!;
    const rows = walk(user, "measure.getmeas", { startdate: g.date, enddate: g.date }).rows;
    expect(rows.map((r) => r.grpid)).toContain(g.grpid);
    expect(rows.every((r) => r.date === g.date)).toBe(true);
  });
});
