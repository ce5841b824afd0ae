import { describe, expect, it } from "vitest";
import type { StoredActivity, StoredSleepSummary } from "../../src/data/index.js";
import { TimeZoneCalendar } from "../../src/data/records/time-zone-calendar.js";
import { dayPlan } from "../../src/data/synthetic/day-plan.js";
import { SyntheticPerson } from "../../src/data/synthetic/synthetic-person.js";
import { DAY, NOW, params, vitalsUser } from "./helpers.js";
import { nextDate, zonedDate, zonedMidnight } from "./local-days.js";

/*
 * The mess a sync engine must hold against, checked with real values over five years of one
 * seeded vitals-study user: samples that follow the watch's wear rather than the activity
 * records, several activity records and several sleep summaries per date, trips that move
 * the watch's days into other zones, and day windows that tile time across them.
 *
 * Days are read from the records themselves (their `date` and `timezone`, with Intl), not
 * from the sandbox's calendar; only the tiling test also asks the generator for its plans.
 */

const SEED = 3;
const USER = "realism";
const HOME = "Europe/Paris";
const user = vitalsUser(5, SEED, USER);
const snap = user.snapshot(NOW);

interface Sample {
  readonly steps?: number;
  readonly heart_rate?: number;
  readonly model_id?: number;
}

// The zone of each date, from every record that has a `date` and a `timezone`.
const zoneOf = new Map<string, string>();
const zoneConflicts: string[] = [];
for (const rec of [...snap.activity, ...snap.sleep, ...snap.workouts]) {
  const date = rec.date as string;
  const zone = rec.timezone as string;
  const known = zoneOf.get(date);
  if (known !== undefined && known !== zone) zoneConflicts.push(`${date}: ${known} / ${zone}`);
  zoneOf.set(date, zone);
}

const activityOn = new Map<string, StoredActivity[]>();
for (const a of snap.activity) activityOn.set(a.date, [...(activityOn.get(a.date) ?? []), a]);

// [start, end) of a date: 00:00 in its own zone to 00:00 of the next date in the next
// date's zone; undefined when either zone is unknown (a date without records).
function windowOf(date: string): readonly [number, number] | undefined {
  const zone = zoneOf.get(date);
  const next = nextDate(date);
  const nextZone = zoneOf.get(next);
  if (zone === undefined || nextZone === undefined) return undefined;
  return [zonedMidnight(date, zone), zonedMidnight(next, nextZone)];
}

// Every sample in [start, end), read in windows of less than 24 h (longer ones are cut).
function samplesIn(start: number, end: number): [number, Sample][] {
  const out: [number, Sample][] = [];
  for (let from = start; from < end; from += DAY) {
    const to = Math.min(from + DAY, end) - 1;
    const body = user.answer(
      "measure.getintradayactivity",
      params({ startdate: from, enddate: to }),
      NOW,
    ) as { series: Record<string, Sample> | [] };
    for (const [time, sample] of Object.entries(body.series)) out.push([Number(time), sample]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

const stepsOf = (samples: readonly [number, Sample][]) =>
  samples.reduce((n, [, s]) => n + (s.steps ?? 0), 0);
const heartRates = (samples: readonly [number, Sample][]) =>
  samples.filter(([, s]) => s.heart_rate !== undefined).length;
const stepSamples = (samples: readonly [number, Sample][]) =>
  samples.filter(([, s]) => s.steps !== undefined).length;

// Trips: runs of consecutive dates away from the home zone.
interface Trip {
  readonly zone: string;
  readonly dates: string[];
  readonly direction: "east" | "west";
}
const trips: Trip[] = [];
{
  const dates = [...zoneOf.keys()].sort();
  let current: { zone: string; dates: string[] } | undefined;
  for (const date of dates) {
    const zone = zoneOf.get(date)!;
    if (zone === HOME) {
      current = undefined;
      continue;
    }
    const last = current?.dates[current.dates.length - 1];
    if (current === undefined || current.zone !== zone || nextDate(last!) !== date) {
      current = { zone, dates: [] };
      const first = date;
      // East of home: local midnight comes earlier than at home.
      const direction = zonedMidnight(first, zone) < zonedMidnight(first, HOME) ? "east" : "west";
      trips.push({ zone, dates: current.dates, direction });
    }
    current.dates.push(date);
  }
}

describe("samples follow the watch's wear, not the activity records", () => {
  it("keeps tracker records with 0 steps (a day in bed), and those days have heart rate all day", () => {
    const inBed = snap.activity.filter((a) => a.is_tracker === true && a.steps === 0);
    expect(inBed.length).toBeGreaterThanOrEqual(5);
    let checked = 0;
    for (const day of inBed) {
      const window = windowOf(day.date);
      if (window === undefined) continue;
      const samples = samplesIn(...window);
      expect(stepSamples(samples)).toBe(0);
      // A sample every 10 minutes, worn at least through the day: 07:00 to the evening.
      expect(heartRates(samples)).toBeGreaterThanOrEqual(80);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("has heart-rate samples on days whose only activity record is the phone's step count", () => {
    let withSamples = 0;
    let withoutSamples = 0;
    for (const [date, records] of activityOn) {
      if (records.some((a) => a.is_tracker !== false)) continue;
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ brand: 18, is_tracker: false, deviceid: null });
      const window = windowOf(date);
      if (window === undefined) continue;
      const samples = samplesIn(...window);
      // The watch was not worn in the day: no steps, only the hours worn (the night).
      expect(stepSamples(samples)).toBe(0);
      if (heartRates(samples) > 0) {
        withSamples++;
        expect(samples.every(([, s]) => s.model_id === 93)).toBe(true);
      } else withoutSamples++;
    }
    expect(withSamples).toBeGreaterThanOrEqual(20);
    expect(withoutSamples).toBeGreaterThan(0); // and some days the watch stayed off entirely
  });

  it("lists the tracker's and the phone's records side by side on some dates", () => {
    const pairs = [...activityOn.values()].filter((records) => records.length === 2);
    const trackerDates = snap.activity.filter((a) => a.is_tracker === true).length;
    expect(pairs.length).toBeGreaterThan(0.08 * trackerDates);
    expect(pairs.length).toBeLessThan(0.25 * trackerDates);
    expect([...activityOn.values()].every((records) => records.length <= 2)).toBe(true);
    for (const [tracker, phone] of pairs) {
      expect(tracker).toMatchObject({
        brand: 1,
        modelid: 93,
        model: "ScanWatch",
        is_tracker: true,
      });
      expect(phone).toMatchObject({ brand: 18, is_tracker: false, deviceid: null });
      expect([1051, 1055]).toContain(phone!.modelid);
      expect(phone!.timezone).toBe(tracker!.timezone);
      expect(phone!.steps!).toBeLessThanOrEqual(tracker!.steps!);
    }
    // The list answers both, and the samples add up to the tracker's count, not the phone's.
    for (const [tracker, phone] of pairs.slice(-5)) {
      const range = params({ startdateymd: tracker!.date, enddateymd: tracker!.date });
      const body = user.answer("measure.getactivity", range, NOW) as {
        activities: StoredActivity[];
      };
      expect(body.activities.map((a) => a.brand).sort()).toEqual([1, 18]);
      const window = windowOf(tracker!.date);
      if (window === undefined) continue;
      const steps = stepsOf(samplesIn(...window));
      expect(steps).toBe(tracker!.steps);
      if (phone!.steps !== tracker!.steps) expect(steps).not.toBe(phone!.steps);
    }
  });
});

describe("several sleep summaries per date", () => {
  const byDate = new Map<string, StoredSleepSummary[]>();
  for (const s of snap.sleep) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
  const napDays = [...byDate.values()].filter((list) => list.length > 1);

  it("gives some days an afternoon nap: its own id, the night's date, shorter, fewer fields", () => {
    expect(napDays.length).toBeGreaterThanOrEqual(40);
    expect(napDays.length).toBeLessThan(0.15 * byDate.size);
    for (const list of napDays) {
      expect(list).toHaveLength(2);
      const [night, nap] = [...list].sort((a, b) => a.startdate - b.startdate) as [
        StoredSleepSummary,
        StoredSleepSummary,
      ];
      expect(nap.id).not.toBe(night.id);
      expect(nap.model).toBe(16);
      expect(nap.date).toBe(night.date);
      expect(nap.startdate).toBeGreaterThan(night.enddate);
      expect(zonedDate(nap.startdate, nap.timezone!)).toBe(nap.date);
      expect(nap.enddate - nap.startdate).toBeLessThanOrEqual(90 * 60);
      expect(nap.enddate - nap.startdate).toBeLessThan(night.enddate - night.startdate);
      expect(Object.keys(nap.data).length).toBeLessThan(Object.keys(night.data).length);
      expect(nap.data.sleep_score).toBeUndefined();
      expect(nap.data.rr_average).toBeUndefined();
    }
  });

  it("answers a nap's own sleep detail, inside the nap and adding up to its sleep time", () => {
    for (const list of napDays.slice(-8)) {
      const nap = list.reduce((a, b) => (a.startdate > b.startdate ? a : b));
      const body = user.answer(
        "sleep.get",
        params({ startdate: nap.startdate, enddate: nap.enddate, data_fields: "hr" }),
        NOW,
      ) as { series: { startdate: number; enddate: number; state: number }[] };
      expect(body.series.length).toBeGreaterThan(0);
      for (const segment of body.series) {
        expect(segment.startdate).toBeGreaterThanOrEqual(nap.startdate);
        expect(segment.enddate).toBeLessThanOrEqual(nap.enddate);
      }
      const asleep = body.series
        .filter((s) => s.state !== 0)
        .reduce((n, s) => n + s.enddate - s.startdate, 0);
      expect(asleep).toBe(nap.data.total_sleep_time);
    }
  });
});

describe("travel and per-record time zones", () => {
  it("sends the person on trips both east and west of home, a few days each", () => {
    expect(zoneConflicts).toEqual([]); // every record of a date carries the date's zone
    const east = trips.filter((t) => t.direction === "east");
    const west = trips.filter((t) => t.direction === "west");
    expect(east.length).toBeGreaterThan(0);
    expect(west.length).toBeGreaterThan(0);
    for (const trip of trips.slice(1, -1)) {
      // (The first and last may be cut by the ends of the history.)
      expect(trip.dates.length).toBeGreaterThanOrEqual(3);
      expect(trip.dates.length).toBeLessThanOrEqual(14);
    }
    console.log(
      `5-year ${USER}/${SEED}: ${trips.length} trips, ` +
        `${east.reduce((n, t) => n + t.dates.length, 0)} days east ` +
        `(${[...new Set(east.map((t) => t.zone))].join(", ")}), ` +
        `${west.reduce((n, t) => n + t.dates.length, 0)} days west ` +
        `(${[...new Set(west.map((t) => t.zone))].join(", ")})`,
    );
  });

  it("dates and zones the watch's and phone's records in the trip's zone, and keeps getmeas at home", () => {
    const tripDates = new Set(trips.flatMap((t) => t.dates));
    let tripActivity = 0;
    let tripSleep = 0;
    for (const a of snap.activity) if (tripDates.has(a.date)) tripActivity++;
    // A summary's date is the local wake-up day in its own zone (Q14).
    for (const s of snap.sleep) {
      expect(zonedDate(s.enddate, s.timezone!)).toBe(s.date);
      if (tripDates.has(s.date)) tripSleep++;
    }
    for (const w of snap.workouts) expect(zonedDate(w.startdate, w.timezone!)).toBe(w.date);
    expect(tripActivity).toBeGreaterThan(20);
    expect(tripSleep).toBeGreaterThan(20);
    // The watch's own readings carry the zone of the day they were taken in.
    let abroad = 0;
    for (const g of snap.measures) {
      if (g.modelid !== 93 || g.timezone === undefined) continue;
      const zone = zoneOf.get(zonedDate(g.date, g.timezone));
      if (zone !== undefined) expect(g.timezone).toBe(zone);
      if (g.timezone !== HOME) abroad++;
    }
    expect(abroad).toBeGreaterThan(10);
    // The home devices stay home: no blood pressure during a trip.
    const bp = snap.measures.filter((g) => g.modelid === 44);
    expect(bp.some((g) => tripDates.has(zonedDate(g.date, HOME)))).toBe(false);
    const body = user.answer("measure.getmeas", params({ meastype: 1 }), NOW) as {
      timezone: string;
    };
    expect(body.timezone).toBe(HOME);
  });

  it("tiles time with the days' windows: consecutive days meet, each sample is in exactly one", () => {
    // The same person generateUser builds: plans depend on the seed and user alone.
    const home = new TimeZoneCalendar(HOME);
    const person = new SyntheticPerson(SEED, USER, "vitals-study", home, home.dayOf(NOW));
    let westGap = 0;
    let eastOverlap = 0;
    let transitions = 0;
    for (const trip of trips) {
      const first = home.dayFromYmd(trip.dates[0]!)! - 2;
      const last = home.dayFromYmd(trip.dates[trip.dates.length - 1]!)! + 2;
      const plans = [];
      for (let day = first; day <= last; day++) plans.push(dayPlan(person, day));
      for (let i = 0; i < plans.length; i++) {
        const plan = plans[i]!;
        // The generator's day is the records' day: same date, same zone, same midnight.
        const zone = zoneOf.get(plan.ymd);
        if (zone !== undefined) {
          expect(plan.calendar.timezone).toBe(zone);
          expect(plan.start).toBe(zonedMidnight(plan.ymd, zone));
        }
        if (i > 0) expect(plan.start).toBe(plans[i - 1]!.end);
        expect(plan.end).toBeGreaterThan(plan.start + 10 * 3600);
      }
      const start = plans[0]!.start;
      const end = plans[plans.length - 1]!.end;
      if (end > NOW - DAY) continue; // not all of it has reached the cloud yet
      const samples = samplesIn(start, end);
      expect(samples.length).toBeGreaterThan(0);
      for (const [time] of samples) {
        const holders = plans.filter((p) => p.start <= time && time < p.end);
        expect(holders).toHaveLength(1);
      }
      for (const plan of plans) {
        const own = samples.filter(([t]) => t >= plan.start && t < plan.end);
        const tracker = activityOn.get(plan.ymd)?.find((a) => a.is_tracker === true);
        if (tracker !== undefined) expect(stepsOf(own)).toBe(tracker.steps);
        else expect(stepSamples(own)).toBe(0);
      }
      // Where the zone changes, a reader that takes each day in its own zone alone misses
      // the hours between (flying west) or reads the same hours twice (flying east).
      for (let i = 0; i + 1 < plans.length; i++) {
        const before = plans[i]!.calendar.timezone;
        const after = plans[i + 1]!.calendar.timezone;
        if (before === after) continue;
        transitions++;
        const boundary = plans[i]!.end;
        const naive = zonedMidnight(plans[i + 1]!.ymd, before);
        const lo = Math.min(boundary, naive);
        const hi = Math.max(boundary, naive);
        expect(hi - lo).toBeGreaterThanOrEqual(3 * 3600);
        const between = samples.filter(([t]) => t >= lo && t < hi).length;
        if (boundary > naive) westGap += between;
        else eastOverlap += between;
      }
    }
    expect(transitions).toBeGreaterThanOrEqual(4);
    expect(westGap).toBeGreaterThan(0);
    expect(eastOverlap).toBeGreaterThan(0);
  });
});
