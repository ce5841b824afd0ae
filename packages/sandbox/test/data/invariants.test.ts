import { describe, expect, it } from "vitest";
import { SandboxParamError } from "../../src/data/index.js";
import { DAY, NOW, params, vitalsUser, walk } from "./helpers.js";
import { nextDate, zonedMidnight } from "./local-days.js";

interface Sample {
  readonly [key: string]: number | string | null;
  readonly steps?: number;
  readonly heart_rate?: number;
}

describe("invariants the sync relies on", () => {
  const user = vitalsUser(1, 41, "invariants");
  const snap = user.snapshot(NOW);

  it("has step samples adding up to each tracker day's steps in the day's own window, and none on other days", () => {
    // The zone of each date, from its activity records' own `timezone` (all agree).
    const zones = new Map<string, string>();
    for (const a of snap.activity) {
      const known = zones.get(a.date);
      if (known !== undefined) expect(a.timezone).toBe(known);
      zones.set(a.date, a.timezone as string);
    }
    const dates = [...zones.keys()].slice(-90);
    let trackerDays = 0;
    let otherDays = 0;
    for (const date of dates) {
      const zone = zones.get(date)!;
      const nextZone = zones.get(nextDate(date));
      if (nextZone === undefined) continue; // the day's end depends on the next day's zone
      const start = zonedMidnight(date, zone);
      const end = zonedMidnight(nextDate(date), nextZone);
      const body = user.answer(
        "measure.getintradayactivity",
        params({ startdate: start, enddate: end - 1 }),
        NOW,
      ) as { series: Record<string, Sample> | [] };
      const samples = Object.values(body.series);
      const steps = samples.reduce((n, s) => n + (s.steps ?? 0), 0);
      const stepSamples = samples.filter((s) => s.steps !== undefined).length;
      const records = snap.activity.filter((a) => a.date === date);
      const tracker = records.find((a) => a.is_tracker === true);
      if (tracker !== undefined) {
        trackerDays++;
        expect(steps).toBe(tracker.steps);
        expect(samples.some((s) => s.heart_rate !== undefined)).toBe(true);
      } else {
        otherDays++;
        expect(stepSamples).toBe(0);
      }
    }
    expect(trackerDays).toBeGreaterThan(30);
    expect(otherDays).toBeGreaterThan(0); // days without the watch in the day exist
  });

  it("has sleep detail exactly inside each night's summary", () => {
    for (const night of snap.sleep.slice(-40)) {
      const body = user.answer(
        "sleep.get",
        params({
          startdate: night.startdate - 6 * 3600,
          enddate: night.enddate + 3600,
          data_fields: "hr",
        }),
        NOW,
      ) as {
        series: { startdate: number; enddate: number; state: number }[];
      };
      expect(body.series.length).toBeGreaterThan(0);
      for (const segment of body.series) {
        expect(segment.startdate).toBeGreaterThanOrEqual(night.startdate);
        expect(segment.enddate).toBeLessThanOrEqual(night.enddate);
      }
      const asleep = body.series
        .filter((s) => s.state !== 0)
        .reduce((n, s) => n + s.enddate - s.startdate, 0);
      expect(asleep).toBe(night.data.total_sleep_time);
    }
  });

  it("has no sleep detail between nights", () => {
    const sorted = snap.sleep.slice(-10);
    for (let i = 1; i < sorted.length; i++) {
      const gapStart = sorted[i - 1]!.enddate + 1;
      const gapEnd = Math.min(sorted[i]!.startdate - 1, gapStart + DAY);
      const body = user.answer(
        "sleep.get",
        params({ startdate: gapStart, enddate: gapEnd, data_fields: "hr" }),
        NOW,
      ) as { series: unknown[] };
      expect(body.series).toEqual([]);
    }
  });

  it("has an ECG signal for every heart-list recording", () => {
    const { rows } = walk(user, "heart.list", {});
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const ecg = row.ecg as { signalid: number };
      const body = user.answer("heart.get", params({ signalid: ecg.signalid }), NOW) as {
        signal: number[];
        sampling_frequency: number;
        model: number;
      };
      const seconds = body.model === 44 ? 20 : 30;
      expect(body.signal).toHaveLength(seconds * body.sampling_frequency);
      expect(body.signal.every(Number.isInteger)).toBe(true);
      // Only BPM Core recordings carry blood pressure.
      expect("bloodpressure" in row).toBe(row.model === 44);
    }
    expect(() => user.answer("heart.get", params({ signalid: 12345 }), NOW)).toThrow(
      SandboxParamError,
    );
    expect(() => user.answer("heart.get", params(), NOW)).toThrow(SandboxParamError);
  });
});
