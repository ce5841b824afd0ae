import type { IntradaySample } from "@withings-kit/client";
import type { SeededRandom } from "../random/seeded-random.js";
import type { StoredActivity } from "../records/stored-records.js";

/**
 * What intraday generation needs to know about the person wearing the tracker.
 *
 * @example
 * ```ts
 * const wearer: IntradayWearer = { stride: 0.72, hrAt: (hour) => 60 + 8 * Math.cos(((hour - 16) / 24) * 2 * Math.PI) };
 * ```
 */
export interface IntradayWearer {
  /** Metres per step. */
  readonly stride: number;
  /** Heart rate at rest for a local hour since the day's 00:00 (past 24 on days longer than 24 h). */
  readonly hrAt: (hour: number) => number;
}

/**
 * The tracker that produced a day's samples (`model` string, `model_id` int and `deviceid`,
 * as the intraday answer labels each sample).
 *
 * @example
 * ```ts
 * const t: IntradayTracker = { model: "ScanWatch", modelId: 93, deviceid: "ab12…" };
 * ```
 */
export interface IntradayTracker {
  readonly model: string;
  readonly modelId: number;
  readonly deviceid: string | null;
}

/**
 * The local day the samples are generated for: its window in its own zone and when the
 * watch was worn (a `DayPlan` is one).
 *
 * @example
 * ```ts
 * const day: IntradayDay = { start, end: start + 86_400, nightWorn: true, dayWorn: false, nextNightWorn: true, nap: undefined };
 * ```
 */
export interface IntradayDay {
  /** Local 00:00 of the day in its own zone (epoch seconds). */
  readonly start: number;
  /** The next day's start (whatever its zone): the day's samples lie in [start, end). */
  readonly end: number;
  /** Worn through the night that ends this day: from `start` until 09:00. */
  readonly nightWorn: boolean;
  /** Worn through the daytime: from 07:00 until the evening. */
  readonly dayWorn: boolean;
  /** Worn through the next night: the evening, the last 2.5 h before `end`. */
  readonly nextNightWorn: boolean;
  /** A nap: worn, but no steps. */
  readonly nap: { readonly startdate: number; readonly enddate: number } | undefined;
}

const MORNING_TO = 9 * 60;
const DAY_FROM = 7 * 60;
const WALK_TO = 22 * 60 + 30;
const EVENING_MINUTES = 150;

/**
 * Generates one local day of intraday samples, on demand, from the hours the watch was
 * worn: a heart-rate sample every 10 minutes while worn (`heart_rate`, `duration` ~37 s,
 * offset from the minute like real ScanWatch samples), and, when the day has a tracker
 * activity record, per-minute step samples (`steps`, `duration` 60, `elevation`, `distance`,
 * `calories`) in walking bouts between 07:00 and 22:30 while worn (never during a nap).
 * Nothing is stored: the same seed gives the same day every time.
 *
 * Samples lie in [`day.start`, `day.end`): consecutive days meet exactly, whatever their
 * zones, so the samples of a history are each in exactly one day. A day without a tracker
 * record (the watch worn only at night, the phone counting the steps) has heart-rate
 * samples only; a tracker day with 0 steps (a day in bed) has heart rate all day.
 *
 * The step samples add up exactly to the record's `steps` (and the elevation samples to its
 * `elevation`), so a sync engine can cross-check the two datasets; an edited activity day
 * gets samples that match its new totals.
 *
 * @returns samples as `[epoch seconds, sample]`, in time order.
 *
 * @example
 * ```ts
 * const samples = intradaySamples(rng, wearer, tracker, dayPlan(person, day), activity);
 * samples.reduce((n, [, s]) => n + (s.steps ?? 0), 0) === activity.steps; // true
 * ```
 */
export function intradaySamples(
  rng: SeededRandom,
  wearer: IntradayWearer,
  tracker: IntradayTracker,
  day: IntradayDay,
  activity?: StoredActivity,
): [number, IntradaySample][] {
  const { start } = day;
  const minutesInDay = Math.floor((day.end - start) / 60);
  if (minutesInDay <= 0) return [];
  const evening = Math.max(0, minutesInDay - EVENING_MINUTES);
  const worn = new Uint8Array(minutesInDay);
  if (day.nightWorn) worn.fill(1, 0, Math.min(MORNING_TO, minutesInDay));
  if (day.dayWorn) worn.fill(1, Math.min(DAY_FROM, evening), evening);
  if (day.nextNightWorn) worn.fill(1, evening, minutesInDay);
  const identity = { model: tracker.model, model_id: tracker.modelId, deviceid: tracker.deviceid };
  const out: [number, IntradaySample][] = [];
  const steps = activity?.steps ?? 0;
  const stepsByMinute = new Int32Array(minutesInDay);
  if (activity !== undefined && steps > 0) {
    const walking = walkingMinutes(day, worn, minutesInDay, evening);
    const active = new Uint8Array(minutesInDay);
    const target = Math.max(1, Math.min(walking.count, Math.round(steps / rng.range(55, 85))));
    let marked = 0;
    for (let guard = 0; marked < target && guard < 10_000; guard++) {
      const from = rng.int(walking.from, walking.to - 1);
      const length = rng.int(1, 30);
      for (let m = from; m < Math.min(from + length, walking.to) && marked < target; m++) {
        if (walking.allowed[m] === 1 && active[m] === 0) {
          active[m] = 1;
          marked++;
        }
      }
    }
    // The guard stops bout placement in a nearly full day; fill the rest in order.
    for (let m = walking.from; m < walking.to && marked < target; m++) {
      if (walking.allowed[m] === 1 && active[m] === 0) {
        active[m] = 1;
        marked++;
      }
    }
    const minutes: number[] = [];
    const weights: number[] = [];
    let weightSum = 0;
    for (let m = 0; m < minutesInDay; m++) {
      if (active[m] === 0) continue;
      const w = rng.range(0.3, 1.7);
      minutes.push(m);
      weights.push(w);
      weightSum += w;
    }
    const elevation = activity.elevation ?? 0;
    const kcalPerStep = (activity.calories ?? steps * 0.042) / steps;
    // Cumulative rounding: each minute gets round(total × share so far) minus what earlier
    // minutes got, so the parts are integers and add up to the total exactly.
    let cumulative = 0;
    let givenSteps = 0;
    let givenFloors = 0;
    for (let i = 0; i < minutes.length; i++) {
      cumulative += weights[i]!;
      const share = cumulative / weightSum;
      const s = Math.round(steps * share) - givenSteps;
      const f = Math.round(elevation * share) - givenFloors;
      givenSteps += s;
      givenFloors += f;
      const minute = minutes[i]!;
      stepsByMinute[minute] = s;
      out.push([
        start + minute * 60,
        {
          steps: s,
          duration: 60,
          elevation: f,
          distance: round2(s * wearer.stride),
          calories: round2(s * kcalPerStep),
          ...identity,
        },
      ]);
    }
  }
  for (let m = 0; m < minutesInDay; m += 10) {
    if (worn[m] === 0) continue;
    let walked = 0;
    for (let k = m; k < Math.min(m + 10, minutesInDay); k++) walked += stepsByMinute[k]!;
    const hr = wearer.hrAt(m / 60) + Math.min(45, walked / 25) + rng.normal(0, 3);
    out.push([
      start + m * 60 + 26,
      { heart_rate: Math.round(hr), duration: rng.int(35, 39), ...identity },
    ]);
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

// The minutes steps may fall on: worn, in the waking day, not napping. A record whose steps
// the wear cannot hold (an edit on an unworn day) falls back to any worn minute, then to any
// minute, so the samples always add up to its total.
function walkingMinutes(
  day: IntradayDay,
  worn: Uint8Array,
  minutesInDay: number,
  evening: number,
): {
  readonly allowed: Uint8Array;
  readonly from: number;
  readonly to: number;
  readonly count: number;
} {
  const napFrom = day.nap === undefined ? 0 : Math.floor((day.nap.startdate - day.start) / 60);
  const napTo = day.nap === undefined ? 0 : Math.ceil((day.nap.enddate - day.start) / 60);
  const allowed = new Uint8Array(minutesInDay);
  const pick = (from: number, to: number, needWorn: boolean) => {
    let count = 0;
    let first = to;
    let last = from - 1;
    for (let m = from; m < to; m++) {
      if ((needWorn && worn[m] === 0) || (m >= napFrom && m < napTo)) continue;
      allowed[m] = 1;
      count++;
      if (m < first) first = m;
      last = m;
    }
    return { allowed, from: first, to: last + 1, count };
  };
  const awake = pick(DAY_FROM, Math.min(WALK_TO, evening), true);
  if (awake.count > 0) return awake;
  const anyWorn = pick(0, minutesInDay, true);
  if (anyWorn.count > 0) return anyWorn;
  return pick(0, minutesInDay, false);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
