import type {
  Activity,
  Device,
  HeartRecording,
  Measure,
  MeasureGroup,
  SleepSummary,
  SleepSummaryData,
  Workout,
} from "@withings-kit/client";

// The client's body types describe what a tolerant decoder accepts (most fields optional).
// The records below are what the sandbox stores and serves: the same types, with the fields
// every real answer carries made required, so the data layer can rely on them.

/**
 * A measure as stored: the client's `Measure` plus the fields real ScanWatch answers carry
 * (`apppfmid`, `appliver`, `algo_params`; withings-to-mysql capture, seed 000).
 *
 * @example
 * ```ts
 * const m: StoredMeasure = { value: 97, type: 54, unit: 0, algo: 285343749, fm: 131, apppfmid: 9, appliver: 3411, algo_params: { "1": 0, "2": 3 } };
 * ```
 */
export interface StoredMeasure extends Measure {
  readonly apppfmid?: number;
  readonly appliver?: number;
  readonly algo_params?: Readonly<Record<string, number>>;
}

/**
 * A measure group as stored and served (`is_inconclusive` appears on real SpO2 groups).
 *
 * @example
 * ```ts
 * const g: StoredMeasureGroup = {
 *   grpid: 1, attrib: 2, date: 1, created: 2, modified: 2, category: 1, deviceid: null, hash_deviceid: null,
 *   measures: [{ value: 37370, type: 71, unit: -3 }], modelid: null, model: null, comment: null,
 * };
 * ```
 */
export interface StoredMeasureGroup extends Omit<MeasureGroup, "measures"> {
  readonly measures: readonly StoredMeasure[];
  readonly is_inconclusive?: boolean;
}

/**
 * An activity day as stored (its `date` is its id).
 *
 * @example
 * ```ts
 * const a: StoredActivity = { date: "2025-12-30", steps: 8123, is_tracker: true };
 * ```
 */
export type StoredActivity = Activity & { readonly date: string };

/**
 * A workout as stored.
 *
 * @example
 * ```ts
 * const w: StoredWorkout = { id: 1, category: 1, startdate: 1, enddate: 2, data: {} };
 * ```
 */
export type StoredWorkout = Workout;

/**
 * A sleep summary as stored: times, local `date` and `data` always present.
 *
 * @example
 * ```ts
 * const s: StoredSleepSummary = { id: 1, startdate: 1, enddate: 2, date: "2025-12-30", data: {} };
 * ```
 */
export type StoredSleepSummary = SleepSummary & {
  readonly startdate: number;
  readonly enddate: number;
  readonly date: string;
  readonly data: SleepSummaryData;
};

/**
 * A heart-list recording as stored: `ecg.signalid` (its id) and `timestamp` always present.
 *
 * @example
 * ```ts
 * const r: StoredEcg = { ecg: { signalid: 9, afib: 0 }, timestamp: 1594911107 };
 * ```
 */
export type StoredEcg = HeartRecording & {
  readonly ecg: { readonly signalid: number; readonly afib?: number };
  readonly timestamp: number;
};

/**
 * A device as stored (`deviceid` is its id).
 *
 * @example
 * ```ts
 * const d: StoredDevice = { type: "Scale", model: "Body Scan", model_id: 10, deviceid: "ab12" };
 * ```
 */
export type StoredDevice = Device & { readonly deviceid: string };
