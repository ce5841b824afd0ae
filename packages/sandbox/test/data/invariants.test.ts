import { describe, expect, it } from "vitest";
import { SandboxParamError } from "../../src/data/index.js";
import { DAY, NOW, params, vitalsUser, walk } from "./helpers.js";

interface Sample {
  readonly [key: string]: number | string | null;
  readonly steps?: number;
}

describe("invariants the sync relies on", () => {
  const user = vitalsUser(1, 41, "invariants");
  const snap = user.snapshot(NOW);

  it("has intraday samples exactly on tracker days with steps, adding up to the day's steps", () => {
    const days = snap.activity.slice(-90);
    let trackerDays = 0;
    let otherDays = 0;
    for (const day of days) {
      const start = localMidnight(day.date);
      const body = user.answer(
        "measure.getintradayactivity",
        params({ startdate: start, enddate: start + DAY }),
        NOW,
      ) as {
        series: Record<string, Sample> | [];
      };
      const ofDay = Object.entries(body.series).filter(([t]) => localDate(Number(t)) === day.date);
      const tracker = day.is_tracker === true && (day.steps ?? 0) > 0;
      if (tracker) {
        trackerDays++;
        expect(ofDay.length).toBeGreaterThan(0);
        const steps = ofDay.reduce((n, [, s]) => n + ((s.steps as number | undefined) ?? 0), 0);
        expect(steps).toBe(day.steps);
      } else {
        otherDays++;
        expect(ofDay).toEqual([]);
      }
    }
    expect(trackerDays).toBeGreaterThan(30);
    expect(otherDays).toBeGreaterThan(0); // unworn-watch days exist and have no samples
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

// 00:00 in Europe/Paris (UTC+1 in winter, UTC+2 in summer) on a YYYY-MM-DD day.
function localMidnight(ymd: string): number {
  const utc = Date.parse(`${ymd}T00:00:00Z`) / 1000;
  return [utc - 3600, utc - 7200].find((t) => localDate(t) === ymd && localDate(t - 1) !== ymd)!;
}

const PARIS_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });

function localDate(epoch: number): string {
  return PARIS_DATE.format(epoch * 1000);
}
