/**
 * A series keyed by epoch-second strings, e.g. `{ "1618691453": 70 }`.
 *
 * @example
 * ```ts
 * const hr: KeyedSeries = { "1618691453": 70, "1618691513": 72 };
 * ```
 */
export type KeyedSeries = Readonly<Record<string, number>>;

/**
 * One segment of `sleep.get` (high-frequency sleep). Each requested data field is a
 * {@link KeyedSeries}.
 *
 * @example
 * ```ts
 * const seg: SleepSegment = { startdate: 1, enddate: 61, state: 1, hr: { "1": 58 } };
 * ```
 */
export interface SleepSegment {
  readonly startdate: number;
  readonly enddate: number;
  /** 0 awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified, 15 out of bed. */
  readonly state: number;
  readonly model?: string | number | null;
  readonly model_id?: number | null;
  readonly hash_deviceid?: string | null;
  readonly hr?: KeyedSeries;
  readonly rr?: KeyedSeries;
  readonly snoring?: KeyedSeries;
  readonly sdnn_1?: KeyedSeries;
  readonly rmssd?: KeyedSeries;
  readonly hrv_quality?: KeyedSeries;
  readonly mvt_score?: KeyedSeries;
  readonly chest_movement_rate?: KeyedSeries;
  readonly withings_index?: KeyedSeries;
  readonly breathing_sounds?: KeyedSeries;
}

/**
 * The body of `sleep.get`.
 *
 * @example
 * ```ts
 * const body: GetSleepBody = { series: [], model: 32 };
 * ```
 */
export interface GetSleepBody {
  readonly series: readonly SleepSegment[];
  /** 16 tracker, 32 sleep monitor. */
  readonly model?: number | null;
}

/**
 * The `data` of a sleep summary: durations in seconds, `sleep_efficiency` a ratio. Fields
 * that were not requested or that the device cannot produce are absent.
 *
 * @example
 * ```ts
 * const d: SleepSummaryData = { total_sleep_time: 25200, sleep_score: 81 };
 * ```
 */
export interface SleepSummaryData {
  readonly [field: string]:
    | number
    | string
    | boolean
    | null
    | Readonly<Record<string, readonly number[]>>
    | undefined;
  readonly total_timeinbed?: number;
  readonly total_sleep_time?: number;
  readonly asleepduration?: number;
  readonly lightsleepduration?: number;
  readonly remsleepduration?: number;
  readonly deepsleepduration?: number;
  readonly sleep_efficiency?: number;
  readonly sleep_latency?: number;
  readonly wakeup_latency?: number;
  readonly wakeupduration?: number;
  readonly wakeupcount?: number;
  readonly waso?: number;
  readonly hr_average?: number;
  readonly hr_min?: number;
  readonly hr_max?: number;
  readonly rr_average?: number;
  readonly rr_min?: number;
  readonly rr_max?: number;
  readonly sleep_score?: number;
  readonly snoring?: number;
  readonly apnea_hypopnea_index?: number;
  readonly breathing_disturbances_intensity?: number;
  /** Event type → offsets in seconds from the summary's `startdate`. */
  readonly night_events?: Readonly<Record<string, readonly number[]>>;
}

/**
 * One night (or nap) in `sleep.getsummary`. `date` is the local day the night ends on.
 *
 * @example
 * ```ts
 * const s: SleepSummary = { id: 1, startdate: 1, enddate: 2, date: "2024-01-05", data: {} };
 * ```
 */
export interface SleepSummary {
  readonly id: number;
  readonly timezone?: string;
  /** 16 tracker, 32 sleep monitor. */
  readonly model?: number | null;
  readonly model_id?: number | null;
  readonly hash_deviceid?: string | null;
  // Always present in real answers; synthetic paging fixtures carry only `id`.
  readonly startdate?: number;
  readonly enddate?: number;
  readonly date?: string;
  readonly created?: number;
  readonly modified?: number;
  readonly completed?: boolean;
  readonly data?: SleepSummaryData;
}

/**
 * The body of `sleep.getsummary`.
 *
 * @example
 * ```ts
 * const body: GetSleepSummaryBody = { series: [], more: false, offset: 0 };
 * ```
 */
export interface GetSleepSummaryBody {
  readonly series: readonly SleepSummary[];
  readonly more?: boolean | number;
  readonly offset?: number;
}
