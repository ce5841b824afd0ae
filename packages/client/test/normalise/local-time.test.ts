import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WithingsArgumentError } from "../../src/errors/withings-argument-error.js";
import {
  clearTimeZoneCache,
  isValidTimeZone,
  localTime,
  utcOffsetMinutes,
} from "../../src/normalise/local-time.js";
import { toRows } from "../../src/normalise/to-rows.js";
import { utcIso } from "../../src/normalise/utc-iso.js";
import type { MeasureGroup } from "../../src/types/measure.js";

const at = (iso: string) => Date.parse(iso) / 1000;

/** Independent reference: one uncached Intl call, read the wall clock back. */
function referenceOffsetMinutes(epochSeconds: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochSeconds * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour") % 24,
    get("minute"),
    get("second"),
  );
  return (wall / 1000 - epochSeconds) / 60;
}

describe("localTime across DST changes", () => {
  beforeEach(() => clearTimeZoneCache());

  it("Europe/Paris, spring forward on 2024-03-31 (01:59:59 +01:00 → 03:00:00 +02:00)", () => {
    const change = at("2024-03-31T01:00:00Z");
    expect(localTime(change - 1, "Europe/Paris")).toEqual({
      utc: "2024-03-31T00:59:59Z",
      localDate: "2024-03-31",
      localTime: "01:59:59",
      offsetMinutes: 60,
      timeZone: "Europe/Paris",
      zoneFallback: false,
    });
    expect(localTime(change, "Europe/Paris")).toMatchObject({
      utc: "2024-03-31T01:00:00Z",
      localTime: "03:00:00",
      offsetMinutes: 120,
    });
  });

  it("Europe/Paris, fall back on 2024-10-27 (02:59:59 +02:00 → 02:00:00 +01:00)", () => {
    const change = at("2024-10-27T01:00:00Z");
    expect(localTime(change - 1, "Europe/Paris")).toMatchObject({
      localDate: "2024-10-27",
      localTime: "02:59:59",
      offsetMinutes: 120,
    });
    expect(localTime(change, "Europe/Paris")).toMatchObject({
      localDate: "2024-10-27",
      localTime: "02:00:00",
      offsetMinutes: 60,
    });
    // Both sides in one call order the other way round, now that the bucket is cached.
    expect(localTime(change - 3600, "Europe/Paris").localTime).toBe("02:00:00");
    expect(localTime(change + 3600, "Europe/Paris").localTime).toBe("03:00:00");
  });

  it("America/Los_Angeles, both 2024 changes and the local day before UTC midnight", () => {
    const spring = at("2024-03-10T10:00:00Z");
    expect(localTime(spring - 1, "America/Los_Angeles")).toMatchObject({
      localTime: "01:59:59",
      offsetMinutes: -480,
    });
    expect(localTime(spring, "America/Los_Angeles")).toMatchObject({
      localTime: "03:00:00",
      offsetMinutes: -420,
    });
    const fall = at("2024-11-03T09:00:00Z");
    expect(localTime(fall - 1, "America/Los_Angeles").localTime).toBe("01:59:59");
    expect(localTime(fall, "America/Los_Angeles")).toMatchObject({
      localTime: "01:00:00",
      offsetMinutes: -480,
    });
    expect(localTime(at("2024-07-01T03:30:00Z"), "America/Los_Angeles")).toMatchObject({
      localDate: "2024-06-30",
      localTime: "20:30:00",
    });
  });

  it("Asia/Kathmandu at +05:45, and Lord Howe's half-hour DST", () => {
    expect(localTime(at("2024-01-01T00:00:00Z"), "Asia/Kathmandu")).toMatchObject({
      localDate: "2024-01-01",
      localTime: "05:45:00",
      offsetMinutes: 345,
    });
    expect(localTime(at("2024-01-01T18:14:59Z"), "Asia/Kathmandu").localDate).toBe("2024-01-01");
    expect(localTime(at("2024-01-01T18:15:00Z"), "Asia/Kathmandu").localDate).toBe("2024-01-02");
    expect(utcOffsetMinutes(at("2024-01-15T00:00:00Z"), "Australia/Lord_Howe")).toBe(660);
    expect(utcOffsetMinutes(at("2024-07-15T00:00:00Z"), "Australia/Lord_Howe")).toBe(630);
  });

  it("agrees with a fresh Intl computation at random instants in many zones", () => {
    const zones = [
      "Europe/Paris",
      "America/Los_Angeles",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "America/Sao_Paulo",
      "Africa/Casablanca",
      "Pacific/Chatham",
      "America/St_Johns",
      "Europe/London",
      "UTC",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at("1990-01-01T00:00:00Z"), max: at("2040-01-01T00:00:00Z") }),
        (zone, t) => {
          expect(localTime(t, zone).offsetMinutes).toBe(referenceOffsetMinutes(t, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("is exact on every second around a transition", () => {
    const change = at("2024-10-27T01:00:00Z");
    for (let t = change - 90; t <= change + 90; t++) {
      expect(utcOffsetMinutes(t, "Europe/Paris")).toBe(t < change ? 120 : 60);
    }
  });
});

describe("invalid zones: fall back to UTC, flagged", () => {
  it("does not throw and says so", () => {
    const t = at("2024-03-31T01:00:00Z");
    expect(localTime(t, "Mars/Olympus_Mons")).toEqual({
      utc: "2024-03-31T01:00:00Z",
      localDate: "2024-03-31",
      localTime: "01:00:00",
      offsetMinutes: 0,
      timeZone: "UTC",
      zoneFallback: true,
    });
    expect(localTime(t, "").zoneFallback).toBe(true);
    expect(localTime(t, "+05:45").zoneFallback).toBe(true);
    expect(utcOffsetMinutes(t, "Mars/Olympus_Mons")).toBe(0);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
  });

  it("throws a typed error for a non-finite epoch", () => {
    expect(() => localTime(Number.NaN, "UTC")).toThrow(WithingsArgumentError);
  });
});

describe("formatting", () => {
  it("writes whole seconds, truncating fractions, and far years", () => {
    expect(utcIso(0)).toBe("1970-01-01T00:00:00Z");
    expect(utcIso(1711846800.9)).toBe("2024-03-31T01:00:00Z");
    expect(utcIso(-1)).toBe("1969-12-31T23:59:59Z");
    expect(utcIso(at("2000-02-29T12:00:00Z"))).toBe("2000-02-29T12:00:00Z");
    expect(utcIso(253402300800)).toBe("+010000-01-01T00:00:00Z");
    expect(utcIso(null)).toBeNull();
    expect(utcIso(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("matches Date#toISOString over random instants", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800, max: 253402300799 }), (t) => {
        expect(utcIso(t)).toBe(new Date(t * 1000).toISOString().replace(".000Z", "Z"));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("Intl call budget", () => {
  afterEach(() => vi.restoreAllMocks());

  it("normalises 4,096 groups with a handful of Intl calls", () => {
    clearTimeZoneCache();
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    const start = at("2024-03-20T00:00:00Z");
    const groups: MeasureGroup[] = Array.from({ length: 4096 }, (_, i) => ({
      grpid: i + 1,
      attrib: 0,
      // One group every ~10 minutes over four weeks, across the 2024-03-31 change.
      date: start + i * 599,
      created: start + i * 599 + 30,
      modified: start + i * 599 + 30,
      category: 1,
      measures: [{ value: 70000 + i, type: 1, unit: -3 }],
    }));
    const rows = toRows("measures", { timezone: "Europe/Paris", measuregrps: groups });
    expect(rows).toHaveLength(4096);
    // 5 bucket boundaries + ~20 bisection steps for the one bucket holding the change.
    expect(formatToParts.mock.calls.length).toBeLessThanOrEqual(30);
    // i = 1592 is the last group before 2024-03-31T01:00:00Z, i = 1593 the first after.
    expect(rows[1592]).toMatchObject({
      date: "2024-03-31T00:53:28Z",
      localTime: "01:53:28",
      offsetMinutes: 60,
    });
    expect(rows[1593]).toMatchObject({
      date: "2024-03-31T01:03:27Z",
      localTime: "03:03:27",
      offsetMinutes: 120,
    });
  });
});
