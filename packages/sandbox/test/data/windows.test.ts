import { describe, expect, it } from "vitest";
import { SandboxParamError } from "../../src/data/index.js";
import { DAY, NOW, params, vitalsUser } from "./helpers.js";

type Series = { series: Record<string, Record<string, unknown>> | [] };
type Segments = {
  series: { startdate: number; enddate: number; [k: string]: unknown }[];
  model?: number;
};

describe("24 h windows (Q8)", () => {
  const user = vitalsUser(1, 31, "windows");

  it("cuts an intraday range over 24 h to the first 24 h after startdate", () => {
    const start = NOW - 10 * DAY;
    const long = user.answer(
      "measure.getintradayactivity",
      params({ startdate: start, enddate: start + 3 * DAY }),
      NOW,
    ) as Series;
    const day = user.answer(
      "measure.getintradayactivity",
      params({ startdate: start, enddate: start + DAY }),
      NOW,
    ) as Series;
    expect(long).toEqual(day);
    const times = Object.keys(long.series).map(Number);
    expect(times.length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(start + DAY);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
  });

  it("answers the most recent 24 h when intraday gets no dates", () => {
    const later = NOW + 2 * DAY + 12 * 3600;
    const body = user.answer("measure.getintradayactivity", params(), later) as Series;
    const times = Object.keys(body.series).map(Number);
    expect(times.every((t) => t >= later - DAY && t <= later)).toBe(true);
    const explicit = user.answer(
      "measure.getintradayactivity",
      params({ startdate: later - DAY, enddate: later }),
      later,
    );
    expect(body).toEqual(explicit);
  });

  it("keys intraday samples by epoch-second strings and keeps only the data_fields asked for", () => {
    const start = NOW - 20 * DAY;
    const body = user.answer(
      "measure.getintradayactivity",
      params({ startdate: start, enddate: start + DAY, data_fields: "steps" }),
      NOW,
    ) as Series;
    const entries = Object.entries(body.series);
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, sample] of entries) {
      expect(key).toMatch(/^\d{10}$/);
      expect(Object.keys(sample).sort()).toEqual(["deviceid", "model", "model_id", "steps"]);
    }
  });

  const night = user.snapshot(NOW).sleep.at(-15)!;

  it("cuts a sleep-get range to 24 h and needs both dates", () => {
    const start = night.startdate + 3600;
    const long = user.answer(
      "sleep.get",
      params({ startdate: start, enddate: start + 4 * DAY, data_fields: "hr" }),
      NOW,
    ) as Segments;
    const day = user.answer(
      "sleep.get",
      params({ startdate: start, enddate: start + DAY, data_fields: "hr" }),
      NOW,
    ) as Segments;
    expect(long).toEqual(day);
    expect(long.series.length).toBeGreaterThan(0);
    expect(long.model).toBe(16);
    expect(long.series.every((s) => s.startdate >= start && s.startdate <= start + DAY)).toBe(true);
    expect(() => user.answer("sleep.get", params({ startdate: start }), NOW)).toThrow(
      SandboxParamError,
    );
    expect(() => user.answer("sleep.get", params({ enddate: start }), NOW)).toThrow(
      SandboxParamError,
    );
  });

  it("leaves keyed series out of sleep segments unless asked for", () => {
    const start = night.startdate;
    const bare = user.answer(
      "sleep.get",
      params({ startdate: start, enddate: start + DAY }),
      NOW,
    ) as Segments;
    expect(bare.series.length).toBeGreaterThan(0);
    expect(Object.keys(bare.series[0]!).sort()).toEqual([
      "enddate",
      "hash_deviceid",
      "model",
      "model_id",
      "startdate",
      "state",
    ]);
  });
});
