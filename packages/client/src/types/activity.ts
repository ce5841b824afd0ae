/**
 * One day of activity. Metrics sit flat on the object; `date` is the local day in
 * `timezone`.
 *
 * @example
 * ```ts
 * const day: Activity = { date: "2024-01-05", timezone: "Europe/Paris", steps: 8123 };
 * ```
 */
export interface Activity {
  readonly date: string;
  readonly timezone?: string;
  readonly deviceid?: string | null;
  readonly hash_deviceid?: string | null;
  /** 1 Withings, 18 external source. */
  readonly brand?: number;
  readonly is_tracker?: boolean;
  readonly modified?: number;
  readonly model?: string | null;
  readonly modelid?: number | null;
  readonly steps?: number;
  readonly distance?: number;
  readonly elevation?: number;
  readonly soft?: number;
  readonly moderate?: number;
  readonly intense?: number;
  readonly active?: number;
  readonly calories?: number;
  readonly totalcalories?: number;
  readonly hr_average?: number;
  readonly hr_min?: number;
  readonly hr_max?: number;
  readonly hr_zone_0?: number;
  readonly hr_zone_1?: number;
  readonly hr_zone_2?: number;
  readonly hr_zone_3?: number;
}

/**
 * The body of `measure.getactivity`.
 *
 * @example
 * ```ts
 * const body: GetActivityBody = { activities: [], more: false, offset: 0 };
 * ```
 */
export interface GetActivityBody {
  readonly activities: readonly Activity[];
  readonly more?: boolean | number;
  readonly offset?: number;
}

/**
 * One intraday sample: the fields asked for with `data_fields`, plus device identity.
 *
 * @example
 * ```ts
 * const s: IntradaySample = { steps: 12, heart_rate: 71, model: "ScanWatch", model_id: 93 };
 * ```
 */
export interface IntradaySample {
  readonly deviceid?: string | null;
  readonly model?: string | null;
  readonly model_id?: number | null;
  readonly steps?: number;
  readonly elevation?: number;
  readonly calories?: number;
  readonly distance?: number;
  readonly stroke?: number;
  readonly pool_lap?: number;
  readonly duration?: number;
  readonly heart_rate?: number;
  readonly spo2_auto?: number;
  readonly rmssd?: number;
  readonly sdnn1?: number;
  readonly hrv_quality?: number;
  readonly core_body_temperature?: number;
  readonly rr?: number;
  readonly chest_movement_rate?: number;
}

/**
 * The body of `measure.getintradayactivity`: samples keyed by epoch-second strings. An empty
 * answer that arrives as `[]` is decoded as `{}`.
 *
 * @example
 * ```ts
 * const body: GetIntradayBody = { series: { "1704412800": { steps: 120 } } };
 * ```
 */
export interface GetIntradayBody {
  readonly series: Readonly<Record<string, IntradaySample>>;
}

/**
 * One workout. `data` is sparse: keys can be missing or `null`.
 *
 * @example
 * ```ts
 * const w: Workout = { id: 1, category: 2, startdate: 1, enddate: 2, data: { calories: 120 } };
 * ```
 */
export interface Workout {
  readonly id: number;
  /** Workout category (see `workoutCategories`). */
  readonly category: number;
  readonly timezone?: string;
  /** A model id (an int here, unlike getmeas). */
  readonly model?: number | null;
  readonly attrib?: number;
  readonly startdate: number;
  readonly enddate: number;
  readonly date?: string;
  readonly modified?: number;
  readonly deviceid?: string | null;
  readonly data: Readonly<Record<string, number | string | null>>;
}

/**
 * The body of `measure.getworkouts`.
 *
 * @example
 * ```ts
 * const body: GetWorkoutsBody = { series: [], more: false, offset: 0 };
 * ```
 */
export interface GetWorkoutsBody {
  readonly series: readonly Workout[];
  readonly more?: boolean | number;
  readonly offset?: number;
}
