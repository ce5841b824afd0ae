import { rowDataset, type SyncDataset } from "../sync-dataset.js";

/**
 * A `toRows` dataset that has a table in a store: every dataset a sync keeps
 * (`subscriptions` are read live, never stored).
 *
 * @example
 * ```ts
 * const d: TableDataset = rowDataset.objectives; // "measures"
 * ```
 */
export type TableDataset = (typeof rowDataset)[SyncDataset];

/**
 * How a cell is stored. `integer` and `real` both hold JavaScript numbers (the split only
 * picks the SQL type); `boolean` is stored as 0/1 and read back as `true`/`false`.
 *
 * @example
 * ```ts
 * const k: ColumnKind = "boolean";
 * ```
 */
export type ColumnKind = "integer" | "real" | "text" | "boolean";

/**
 * One column of a dataset table: the row key `toRows` uses, the SQL column it is stored in
 * (the key in snake_case), its kind and whether the row type allows `null`.
 *
 * @example
 * ```ts
 * const c: DatasetColumn = { key: "rawValue", column: "raw_value", kind: "integer", nullable: false };
 * ```
 */
export interface DatasetColumn {
  readonly key: string;
  readonly column: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

/**
 * The stored layout of one dataset, shared by every store so that SQLite and PostgreSQL
 * agree on names: the table, its columns in row-key order (what `Store.rows` gives back),
 * and the row key holding the record key (see `Store.recordKeys` and {@link recordKeyOf}).
 *
 * @example
 * ```ts
 * datasetTables.measures.columns.map((c) => c.column).join(","); // "grpid,type,key,name,…"
 * ```
 */
export interface DatasetTable {
  readonly dataset: TableDataset;
  readonly table: string;
  readonly columns: readonly DatasetColumn[];
  /**
   * The row key whose value is the record key; devices (fallback ids) and activity (date and
   * source) build theirs from more, see `recordKeyOf`.
   */
  readonly recordKey: string;
}

/** One column: `[key, kind]`, plus `"null"` where the row type allows `null`. */
type ColumnSpec = readonly [key: string, kind: ColumnKind, nullable?: "null"];

type Spec = readonly ColumnSpec[];

// `rawValue` → `raw_value`; keys already in snake_case (the API's spelling) stay as they are.
function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function table(dataset: TableDataset, name: string, recordKey: string, spec: Spec): DatasetTable {
  const columns = spec.map(([key, kind, nullable]) =>
    Object.freeze({ key, column: snake(key), kind, nullable: nullable === "null" }),
  );
  return Object.freeze({ dataset, table: name, columns: Object.freeze(columns), recordKey });
}

const N = "null" as const;

/**
 * The one description of every stored dataset's columns, keyed by `toRows` dataset: the
 * row types of `@withings-kit/client` (`MeasureRow`, `ActivityRow`, …) key for key and in
 * order, each `[key, kind]`, plus `"null"` where the column may hold `null` (everywhere the
 * row type allows it but in the record key: intraday and sleep `time`, sleep `segmentStart`,
 * ecg `signalid` are `NOT NULL`). {@link datasetTables} is built from it at run time,
 * {@link DatasetRow} and {@link DatasetColumns} (the SQLite schema's table types) at the
 * type level; a type test (dataset-row-types.test.ts) holds the client's row types to it
 * and a run-time test fails when `toRows` gives a key the stores do not have yet.
 *
 * `ecg_signal` rows are the `EcgSignalRow`s of one recording with its `signalid` added in
 * front (heart get answers carry none), because a store holds many recordings.
 */
const columnSpecs = {
  measures: [
    ["grpid", "integer"],
    ["type", "integer"],
    ["key", "text"],
    ["name", "text"],
    ["value", "real"],
    ["unit", "text"],
    ["rawValue", "integer"],
    ["rawUnit", "integer"],
    ["date", "text", N],
    ["localDate", "text", N],
    ["localTime", "text", N],
    ["offsetMinutes", "integer", N],
    ["timezone", "text"],
    ["attrib", "integer"],
    ["ambiguous", "boolean"],
    ["category", "integer"],
    ["position", "integer", N],
    ["deviceid", "text", N],
    ["model", "text", N],
    ["modelid", "integer", N],
    ["created", "text", N],
    ["modified", "text", N],
    ["knownType", "boolean"],
  ],
  activity: [
    ["date", "text"],
    ["timezone", "text"],
    ["deviceid", "text", N],
    ["hash_deviceid", "text", N],
    ["brand", "integer", N],
    ["is_tracker", "boolean", N],
    ["model", "text", N],
    ["modelid", "integer", N],
    ["modelName", "text", N],
    ["modified", "text", N],
    ["steps", "integer", N],
    ["distance", "real", N],
    ["elevation", "real", N],
    ["soft", "integer", N],
    ["moderate", "integer", N],
    ["intense", "integer", N],
    ["active", "integer", N],
    ["calories", "real", N],
    ["totalcalories", "real", N],
    ["hr_average", "integer", N],
    ["hr_min", "integer", N],
    ["hr_max", "integer", N],
    ["hr_zone_0", "integer", N],
    ["hr_zone_1", "integer", N],
    ["hr_zone_2", "integer", N],
    ["hr_zone_3", "integer", N],
    ["extra", "text", N],
  ],
  intraday: [
    ["time", "text"],
    ["localDate", "text", N],
    ["localTime", "text", N],
    ["offsetMinutes", "integer", N],
    ["timezone", "text"],
    ["deviceid", "text", N],
    ["model", "text", N],
    ["model_id", "integer", N],
    ["steps", "integer", N],
    ["elevation", "real", N],
    ["calories", "real", N],
    ["distance", "real", N],
    ["stroke", "integer", N],
    ["pool_lap", "integer", N],
    ["duration", "integer", N],
    ["heart_rate", "integer", N],
    ["spo2_auto", "real", N],
    ["rmssd", "real", N],
    ["sdnn1", "real", N],
    ["hrv_quality", "integer", N],
    ["core_body_temperature", "real", N],
    ["rr", "real", N],
    ["chest_movement_rate", "real", N],
    ["extra", "text", N],
  ],
  workouts: [
    ["id", "integer"],
    ["category", "integer"],
    ["categoryKey", "text", N],
    ["attrib", "integer", N],
    ["date", "text", N],
    ["timezone", "text"],
    ["startdate", "text", N],
    ["enddate", "text", N],
    ["localStartDate", "text", N],
    ["localStartTime", "text", N],
    ["localEndDate", "text", N],
    ["localEndTime", "text", N],
    ["durationSeconds", "integer", N],
    ["model", "integer", N],
    ["modelName", "text", N],
    ["deviceid", "text", N],
    ["modified", "text", N],
    ["calories", "real", N],
    ["intensity", "integer", N],
    ["manual_intensity", "integer", N],
    ["manual_distance", "real", N],
    ["manual_calories", "real", N],
    ["hr_average", "integer", N],
    ["hr_min", "integer", N],
    ["hr_max", "integer", N],
    ["hr_zone_0", "integer", N],
    ["hr_zone_1", "integer", N],
    ["hr_zone_2", "integer", N],
    ["hr_zone_3", "integer", N],
    ["pause_duration", "integer", N],
    ["algo_pause_duration", "integer", N],
    ["spo2_average", "real", N],
    ["core_body_temperature_avg", "real", N],
    ["core_body_temperature_min", "real", N],
    ["core_body_temperature_max", "real", N],
    ["steps", "integer", N],
    ["distance", "real", N],
    ["elevation", "real", N],
    ["pool_laps", "integer", N],
    ["strokes", "integer", N],
    ["pool_length", "real", N],
    ["core_body_temperature_status", "text", N],
    ["extra", "text", N],
  ],
  sleep_summaries: [
    ["id", "integer"],
    ["date", "text", N],
    ["timezone", "text"],
    ["startdate", "text", N],
    ["enddate", "text", N],
    ["localStartDate", "text", N],
    ["localStartTime", "text", N],
    ["localEndDate", "text", N],
    ["localEndTime", "text", N],
    ["durationSeconds", "integer", N],
    ["model", "integer", N],
    ["model_id", "integer", N],
    ["modelName", "text", N],
    ["hash_deviceid", "text", N],
    ["completed", "boolean", N],
    ["created", "text", N],
    ["modified", "text", N],
    ["total_timeinbed", "integer", N],
    ["total_sleep_time", "integer", N],
    ["asleepduration", "integer", N],
    ["lightsleepduration", "integer", N],
    ["remsleepduration", "integer", N],
    ["deepsleepduration", "integer", N],
    ["sleep_efficiency", "real", N],
    ["sleep_latency", "integer", N],
    ["wakeup_latency", "integer", N],
    ["wakeupduration", "integer", N],
    ["wakeupcount", "integer", N],
    ["waso", "integer", N],
    ["nb_rem_episodes", "integer", N],
    ["breathing_disturbances_intensity", "real", N],
    ["apnea_hypopnea_index", "real", N],
    ["withings_index", "real", N],
    ["durationtosleep", "integer", N],
    ["durationtowakeup", "integer", N],
    ["out_of_bed_count", "integer", N],
    ["hr_average", "integer", N],
    ["hr_min", "integer", N],
    ["hr_max", "integer", N],
    ["rr_average", "integer", N],
    ["rr_min", "integer", N],
    ["rr_max", "integer", N],
    ["breathing_quality_assessment", "integer", N],
    ["snoring", "integer", N],
    ["snoringepisodecount", "integer", N],
    ["sleep_score", "integer", N],
    ["mvt_score_avg", "real", N],
    ["mvt_active_duration", "integer", N],
    ["rmssd_start_avg", "real", N],
    ["rmssd_end_avg", "real", N],
    ["chest_movement_rate_wellness_average", "real", N],
    ["chest_movement_rate_wellness_min", "real", N],
    ["chest_movement_rate_wellness_max", "real", N],
    ["breathing_sounds", "integer", N],
    ["breathing_sounds_episode_count", "integer", N],
    ["chest_movement_rate_average", "real", N],
    ["chest_movement_rate_min", "real", N],
    ["chest_movement_rate_max", "real", N],
    ["core_body_temperature_min", "real", N],
    ["core_body_temperature_max", "real", N],
    ["core_body_temperature_avg", "real", N],
    ["core_body_temperature_status", "text", N],
    ["night_events", "text", N],
    ["extra", "text", N],
  ],
  sleep: [
    ["time", "text"],
    ["localDate", "text", N],
    ["localTime", "text", N],
    ["offsetMinutes", "integer", N],
    ["timezone", "text"],
    ["state", "integer"],
    ["stateKey", "text", N],
    ["segmentStart", "text"],
    ["segmentEnd", "text", N],
    ["model", "text", N],
    ["model_id", "integer", N],
    ["hash_deviceid", "text", N],
    ["deviceClass", "integer", N],
    ["hr", "integer", N],
    ["rr", "integer", N],
    ["snoring", "integer", N],
    ["sdnn_1", "real", N],
    ["rmssd", "real", N],
    ["hrv_quality", "integer", N],
    ["mvt_score", "integer", N],
    ["chest_movement_rate", "real", N],
    ["withings_index", "real", N],
    ["breathing_sounds", "integer", N],
  ],
  ecg: [
    ["signalid", "integer"],
    ["afib", "integer", N],
    ["afibKey", "text", N],
    ["timestamp", "text", N],
    ["localDate", "text", N],
    ["localTime", "text", N],
    ["offsetMinutes", "integer", N],
    ["timezone", "text"],
    ["heart_rate", "integer", N],
    ["systole", "integer", N],
    ["diastole", "integer", N],
    ["model", "integer", N],
    ["modelName", "text", N],
    ["deviceid", "text", N],
    ["modified", "text", N],
  ],
  ecg_signal: [
    ["signalid", "integer"],
    ["index", "integer"],
    ["offsetSeconds", "real", N],
    ["microvolts", "integer"],
    ["sampling_frequency", "integer", N],
    ["wearposition", "integer", N],
    ["heart_rate", "integer", N],
    ["model", "integer", N],
  ],
  devices: [
    ["type", "text", N],
    ["model", "text", N],
    ["model_id", "integer", N],
    ["modelName", "text", N],
    ["battery", "text", N],
    ["deviceid", "text", N],
    ["hash_deviceid", "text", N],
    ["timezone", "text", N],
    ["first_session_date", "text", N],
    ["last_session_date", "text", N],
  ],
  goals: [
    ["goal", "text"],
    ["value", "real"],
    ["unit", "text"],
    ["rawValue", "integer"],
    ["rawUnit", "integer"],
  ],
} as const satisfies { readonly [D in TableDataset]: Spec };

/** The TypeScript type a column kind holds in a row. */
interface KindTypes {
  integer: number;
  real: number;
  text: string;
  boolean: boolean;
}

type CellOf<C extends ColumnSpec, Bool> =
  | (C[1] extends "boolean" ? Bool : KindTypes[C[1]])
  | (C extends readonly [string, ColumnKind, "null"] ? null : never);

/**
 * The row of a stored dataset as its column spec describes it: the row keys `toRows` uses,
 * each with its kind's type, `| null` where nullable.
 *
 * @example
 * ```ts
 * const g: DatasetRow<"goals"> = { goal: "steps", value: 10000, unit: "steps", rawValue: 10000, rawUnit: 0 };
 * ```
 */
export type DatasetRow<D extends TableDataset> = {
  [C in (typeof columnSpecs)[D][number] as C[0]]: CellOf<C, boolean>;
};

/** `rawValue` → `raw_value`, at the type level (the run-time `snake` below). */
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/**
 * The SQL columns of a stored dataset as its column spec describes them: snake_case names,
 * booleans stored as 0/1 numbers, `| null` where nullable.
 *
 * @example
 * ```ts
 * const g: DatasetColumns<"goals"> = { goal: "steps", value: 10000, unit: "steps", raw_value: 10000, raw_unit: 0 };
 * ```
 */
export type DatasetColumns<D extends TableDataset> = {
  [C in (typeof columnSpecs)[D][number] as SnakeCase<C[0]>]: CellOf<C, number>;
};

/**
 * Every stored dataset's layout, keyed by `toRows` dataset: its table, record key, and the
 * columns of its column spec (see `columnSpecs` above) with their SQL names.
 *
 * @example
 * ```ts
 * const header = datasetTables.goals.columns.map((c) => c.key); // ["goal","value","unit","rawValue","rawUnit"]
 * ```
 */
export const datasetTables: { readonly [D in TableDataset]: DatasetTable } = Object.freeze({
  measures: table("measures", "measures", "grpid", columnSpecs.measures),
  activity: table("activity", "activity", "date", columnSpecs.activity),
  intraday: table("intraday", "intraday", "time", columnSpecs.intraday),
  workouts: table("workouts", "workouts", "id", columnSpecs.workouts),
  sleep_summaries: table("sleep_summaries", "sleep_summaries", "id", columnSpecs.sleep_summaries),
  sleep: table("sleep", "sleep", "segmentStart", columnSpecs.sleep),
  ecg: table("ecg", "ecg", "signalid", columnSpecs.ecg),
  ecg_signal: table("ecg_signal", "ecg_signals", "signalid", columnSpecs.ecg_signal),
  devices: table("devices", "devices", "deviceid", columnSpecs.devices),
  goals: table("goals", "goals", "goal", columnSpecs.goals),
});

/**
 * The table layout of a sync dataset (`objectives` share the measures table).
 *
 * @example
 * ```ts
 * tableOf("objectives").table; // "measures"
 * ```
 */
export function tableOf(dataset: SyncDataset): DatasetTable {
  return datasetTables[rowDataset[dataset]];
}
