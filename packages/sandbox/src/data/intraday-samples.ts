import type { IntradaySample } from "@withings-kit/client";
import type { SeededRandom } from "./seeded-random.js";
import type { StoredActivity } from "./stored-records.js";

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
  /** Heart rate at rest for a local hour (0–24). */
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

const WAKE_FROM = 7 * 60;
const WAKE_TO = 22 * 60 + 30;

/**
 * Generates one local day of intraday samples, on demand, for an activity day: per-minute
 * step samples (`steps`, `duration` 60, `elevation`, `distance`, `calories`) in walking bouts
 * between 07:00 and 22:30, and a heart-rate sample every 10 minutes (`heart_rate`,
 * `duration` ~37 s, offset from the minute like real ScanWatch samples). Nothing is stored:
 * the same seed gives the same day every time.
 *
 * The step samples add up exactly to the day's `steps` (and the elevation samples to its
 * `elevation`), so a sync engine can cross-check the two datasets; an edited activity day
 * gets samples that match its new totals.
 *
 * @returns samples as `[epoch seconds, sample]`, in time order.
 *
 * @example
 * ```ts
 * const samples = intradaySamples(rng, wearer, tracker, activity, midnight, nextMidnight);
 * samples.reduce((n, [, s]) => n + (s.steps ?? 0), 0) === activity.steps; // true
 * ```
 */
export function intradaySamples(
  rng: SeededRandom,
  wearer: IntradayWearer,
  tracker: IntradayTracker,
  activity: StoredActivity,
  midnight: number,
  nextMidnight: number,
): [number, IntradaySample][] {
  const steps = activity.steps ?? 0;
  if (steps <= 0) return [];
  const minutesInDay = Math.floor((nextMidnight - midnight) / 60);
  const active = new Uint8Array(minutesInDay);
  const target = Math.max(1, Math.min(WAKE_TO - WAKE_FROM, Math.round(steps / rng.range(55, 85))));
  let marked = 0;
  for (let guard = 0; marked < target && guard < 10_000; guard++) {
    const start = rng.int(WAKE_FROM, WAKE_TO - 1);
    const length = rng.int(1, 30);
    for (let m = start; m < Math.min(start + length, WAKE_TO) && marked < target; m++) {
      if (active[m] === 0) {
        active[m] = 1;
        marked++;
      }
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
  const identity = { model: tracker.model, model_id: tracker.modelId, deviceid: tracker.deviceid };
  const out: [number, IntradaySample][] = [];
  // Cumulative rounding: each minute gets round(total × share so far) minus what earlier
  // minutes got, so the parts are integers and add up to the total exactly.
  let cumulative = 0;
  let givenSteps = 0;
  let givenFloors = 0;
  const stepsByMinute = new Map<number, number>();
  for (let i = 0; i < minutes.length; i++) {
    cumulative += weights[i]!;
    const share = cumulative / weightSum;
    const s = Math.round(steps * share) - givenSteps;
    const f = Math.round(elevation * share) - givenFloors;
    givenSteps += s;
    givenFloors += f;
    const minute = minutes[i]!;
    stepsByMinute.set(minute, s);
    out.push([
      midnight + minute * 60,
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
  for (let m = 0; m + 10 <= minutesInDay; m += 10) {
    let walking = 0;
    for (let k = m; k < m + 10; k++) walking += stepsByMinute.get(k) ?? 0;
    const hr = wearer.hrAt(m / 60) + Math.min(45, walking / 25) + rng.normal(0, 3);
    out.push([
      midnight + m * 60 + 26,
      { heart_rate: Math.round(hr), duration: rng.int(35, 39), ...identity },
    ]);
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
