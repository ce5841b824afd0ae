import type { DatasetColumns, TableDataset } from "../dataset-tables.js";

/** A dataset table: the owning user, the spec's columns, and the columns the store adds. */
type Owned<D extends TableDataset, Added> = { user_id: string } & DatasetColumns<D> & Added;

/**
 * The tables and views of the SQLite store as Kysely sees them; the dataset tables are
 * derived from the column specs of `datasetTables` (see `DatasetColumns`), so they cannot
 * drift by hand. This is the type of the Kysely instance that
 * `sqliteHandle` (of `@withings-kit/sync/internal`) gives sibling packages. Applications
 * read through `StoreReader`; writes go through `Store.apply`.
 *
 * @example
 * ```ts
 * const latest = await sqliteHandle(store).kysely
 *   .selectFrom("vitals").select(["date", "systolic", "diastolic"])
 *   .where("user_id", "=", "42").where("systolic", "is not", null)
 *   .orderBy("at", "desc").limit(1).executeTakeFirst();
 * ```
 */
export interface SqliteSchema {
  measures: Owned<"measures", { position_key: string; occurrence: number; at: number }>;
  activity: Owned<"activity", { source_key: string; at: number }>;
  intraday: Owned<"intraday", { at: number }>;
  workouts: Owned<"workouts", { at: number }>;
  sleep_summaries: Owned<"sleep_summaries", { at: number }>;
  sleep: Owned<"sleep", { at: number; segment_start_at: number; segment_key: string }>;
  ecg: Owned<"ecg", { at: number }>;
  // One row per recording: the samples (`index`, `offsetSeconds`, `microvolts`) are packed
  // into `samples`, see `_signal-codec.ts`.
  ecg_signals: { user_id: string } & Omit<
    DatasetColumns<"ecg_signal">,
    "index" | "offset_seconds" | "microvolts"
  > & { sample_count: number; sample_format: "i32le" | "f64le"; samples: Uint8Array };
  devices: Owned<"devices", { device_key: string }>;
  goals: Owned<"goals", Record<never, never>>;
  vitals: VitalsView;
  sync_state: {
    user_id: string;
    dataset: string;
    cursor: number | null;
    last_sync_at: number | null;
    last_reconcile_at: number | null;
    /** JSON text of `SyncState.meta`. */
    meta: string | null;
    updated_at: number;
  };
  detail_units: {
    user_id: string;
    dataset: "intraday" | "sleep" | "ecg_signal";
    key: string;
    start: number;
    end: number;
    dirty: number;
    fetched_at: number | null;
    settle_at: number | null;
  };
  sync_locks: { user_id: string; holder: string; since: number; expires_at: number };
  tokens: {
    user_id: string;
    token_user_id: string;
    access_token: string;
    refresh_token: string;
    expires_at: number;
    scope: string;
    token_type: string;
    updated_at: number;
  };
  schema_migrations: { name: string; applied_at: string };
}

type VitalsColumn =
  | "weight"
  | "height"
  | "fat_free_mass"
  | "fat_ratio"
  | "fat_mass"
  | "diastolic"
  | "systolic"
  | "heart_pulse"
  | "temperature"
  | "spo2"
  | "body_temperature"
  | "skin_temperature"
  | "muscle_mass"
  | "hydration"
  | "bone_mass"
  | "pwv"
  | "vo2max"
  | "vascular_age"
  | "extracellular_water"
  | "intracellular_water"
  | "visceral_fat"
  | "basal_metabolic_rate"
  | "metabolic_age";

/**
 * A row of the `vitals` view (migration 0002): one measurement group, a column per common
 * measure type, `null` where the group has no such measure.
 *
 * @example
 * ```ts
 * const v: Pick<VitalsView, "systolic" | "diastolic"> = { systolic: 121, diastolic: 78 };
 * ```
 */
export type VitalsView = {
  user_id: string;
  grpid: number;
  date: string | null;
  at: number;
  local_date: string | null;
  local_time: string | null;
  timezone: string;
  attrib: number;
  ambiguous: number;
  deviceid: string | null;
  model: string | null;
  modelid: number | null;
} & { [K in VitalsColumn]: number | null };
