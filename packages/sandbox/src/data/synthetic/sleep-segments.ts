import type { SleepSegment } from "@withings-kit/client";
import type { SeededRandom } from "../random/seeded-random.js";
import type { StoredSleepSummary } from "../records/stored-records.js";

/**
 * The sleep-detail series the sandbox generates for each minute of a segment.
 *
 * @example
 * ```ts
 * SLEEP_SERIES_FIELDS.includes("hr"); // true
 * ```
 */
export const SLEEP_SERIES_FIELDS: readonly string[] = Object.freeze([
  "hr",
  "rr",
  "snoring",
  "sdnn_1",
  "rmssd",
]);
const ALL_FIELDS: ReadonlySet<string> = new Set(SLEEP_SERIES_FIELDS);

// A segment being built, in the key order real answers use.
type Segment = { -readonly [K in keyof SleepSegment]: SleepSegment[K] };

const AWAKE = 0;
const LIGHT = 1;
const DEEP = 2;
const REM = 3;
const SEGMENT_MINUTES = 10;

/**
 * Generates the high-frequency sleep detail (`sleep.get` segments) of one summary, on
 * demand: a hypnogram of ~90-minute cycles (deep sleep early, REM late, awakenings between
 * cycles) whose time per state matches the summary's durations, cut into segments of at
 * most 10 minutes with one sample per minute in each keyed series (`hr`, `rr`, `snoring`,
 * `sdnn_1`, `rmssd`), like the aiowithings capture.
 *
 * Every segment lies inside [startdate, enddate] of the summary, which is the invariant
 * sync relies on: detail exists exactly for nights that have a summary. Only the series in
 * `fields` are built (the values drawn are the same whatever is asked, so a series never
 * depends on which others were requested).
 *
 * @example
 * ```ts
 * const segments = sleepSegments(rng, summary, { model: "ScanWatch", modelId: 93 });
 * segments[0]?.state; // 0 (falling asleep)
 * ```
 */
export function sleepSegments(
  rng: SeededRandom,
  summary: StoredSleepSummary,
  device: { readonly model: string; readonly modelId: number },
  fields: ReadonlySet<string> = ALL_FIELDS,
): SleepSegment[] {
  const total = Math.floor((summary.enddate - summary.startdate) / 60);
  if (total <= 0) return [];
  const blocks = hypnogram(summary, total);
  const data = summary.data;
  const hrAverage = num(data.hr_average) ?? 58;
  const hrMin = num(data.hr_min) ?? hrAverage - 8;
  const hrMax = num(data.hr_max) ?? hrAverage + 25;
  const rrAverage = num(data.rr_average) ?? 14;
  const snoringShare = Math.min(1, (num(data.snoring) ?? 0) / 60 / Math.max(1, total));
  const wantHr = fields.has("hr");
  const wantRr = fields.has("rr");
  const wantSnoring = fields.has("snoring");
  const wantSdnn = fields.has("sdnn_1");
  const wantRmssd = fields.has("rmssd");
  const out: SleepSegment[] = [];
  let t = summary.startdate;
  for (const [state, length] of blocks) {
    for (let done = 0; done < length; done += SEGMENT_MINUTES) {
      const minutes = Math.min(SEGMENT_MINUTES, length - done);
      const hr: Record<string, number> = {};
      const rr: Record<string, number> = {};
      const snoring: Record<string, number> = {};
      const sdnn: Record<string, number> = {};
      const rmssd: Record<string, number> = {};
      const shift = state === DEEP ? -4 : state === REM ? 3 : state === AWAKE ? 7 : 0;
      for (let k = 0; k < minutes; k++) {
        const key = t + k * 60;
        const vHr = clamp(Math.round(hrAverage + shift + rng.normal(0, 2)), hrMin, hrMax);
        const vRr = Math.round(
          rrAverage + (state === AWAKE ? 2 : state === DEEP ? -1 : 0) + rng.normal(0, 1),
        );
        const vSnoring = state !== AWAKE && rng.chance(snoringShare * 1.5) ? rng.int(5, 60) : 0;
        const vSdnn = Math.round((state === DEEP ? 70 : 50) + rng.normal(0, 10));
        const vRmssd = Math.round((state === DEEP ? 55 : 38) + rng.normal(0, 9));
        if (wantHr) hr[key] = vHr;
        if (wantRr) rr[key] = vRr;
        if (wantSnoring) snoring[key] = vSnoring;
        if (wantSdnn) sdnn[key] = vSdnn;
        if (wantRmssd) rmssd[key] = vRmssd;
      }
      const segment: Segment = {
        startdate: t,
        state,
        enddate: t + minutes * 60,
        model: device.model,
      };
      if (wantHr) segment.hr = hr;
      if (wantRr) segment.rr = rr;
      if (wantSnoring) segment.snoring = snoring;
      if (wantSdnn) segment.sdnn_1 = sdnn;
      if (wantRmssd) segment.rmssd = rmssd;
      segment.hash_deviceid = summary.hash_deviceid ?? null;
      segment.model_id = device.modelId;
      out.push(segment);
      t += minutes * 60;
    }
  }
  return out;
}

// Minutes per state, in order, adding up to `total`.
function hypnogram(summary: StoredSleepSummary, total: number): [number, number][] {
  const d = summary.data;
  const minutes = (value: unknown): number | undefined => {
    const n = num(value);
    return n === undefined ? undefined : Math.max(0, Math.round(n / 60));
  };
  let parts = [
    minutes(d.sleep_latency ?? d["durationtosleep"]) ?? Math.round(total * 0.04),
    minutes(d.wakeup_latency ?? d["durationtowakeup"]) ?? Math.round(total * 0.02),
    minutes(d.waso) ?? Math.round(total * 0.05),
    minutes(d.deepsleepduration) ?? Math.round(total * 0.16),
    minutes(d.remsleepduration) ?? Math.round(total * 0.2),
    minutes(d.lightsleepduration) ?? Math.round(total * 0.53),
  ];
  parts = scaleTo(parts, total);
  const [latency, wakeLatency, waso, deep, rem, light] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const cycles = Math.max(1, Math.round((deep + rem + light) / 90));
  const deepParts = split(deep, cycles, (i) => cycles - i);
  const remParts = split(rem, cycles, (i) => i + 1);
  const lightParts = split(light, cycles * 2, () => 1);
  const wasoParts = split(waso, cycles, () => 1);
  const blocks: [number, number][] = [[AWAKE, latency]];
  for (let i = 0; i < cycles; i++) {
    blocks.push(
      [LIGHT, lightParts[2 * i]!],
      [DEEP, deepParts[i]!],
      [LIGHT, lightParts[2 * i + 1]!],
    );
    blocks.push([REM, remParts[i]!], [AWAKE, wasoParts[i]!]);
  }
  blocks.push([AWAKE, wakeLatency]);
  const merged: [number, number][] = [];
  for (const [state, length] of blocks) {
    if (length <= 0) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && last[0] === state) last[1] += length;
    else merged.push([state, length]);
  }
  return merged;
}

// Splits `total` into `n` integer parts proportional to weight(i), adding up exactly.
function split(total: number, n: number, weight: (i: number) => number): number[] {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weight(i);
  const out: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weight(i);
    const part = Math.round((total * cumulative) / sum) - given;
    out.push(part);
    given += part;
  }
  return out;
}

function scaleTo(parts: number[], total: number): number[] {
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum === total) return parts;
  if (sum === 0) return [0, 0, 0, 0, 0, total];
  return split(total, parts.length, (i) => parts[i]!);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
