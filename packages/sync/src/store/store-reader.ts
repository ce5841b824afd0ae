import type { SyncDataset } from "../sync-dataset.js";

/**
 * A vital of the `vitals` view (one column per common measure type, whole-body values
 * only), by its camelCase name: `heartPulse` is the view's `heart_pulse`, measure type 11.
 *
 * @example
 * ```ts
 * const shown: readonly VitalName[] = ["systolic", "heartPulse", "spo2", "weight"];
 * ```
 */
export type VitalName =
  | "weight"
  | "height"
  | "fatFreeMass"
  | "fatRatio"
  | "fatMass"
  | "diastolic"
  | "systolic"
  | "heartPulse"
  | "temperature"
  | "spo2"
  | "bodyTemperature"
  | "skinTemperature"
  | "muscleMass"
  | "hydration"
  | "boneMass"
  | "pwv"
  | "vo2max"
  | "vascularAge"
  | "extracellularWater"
  | "intracellularWater"
  | "visceralFat"
  | "basalMetabolicRate"
  | "metabolicAge";

/**
 * One measurement group of real measures (category 1) as the `vitals` view shows it: when
 * and by which device it was taken, and its value of each vital it holds (in the units the
 * rows were stored in: metric, as the sync engine stores them).
 *
 * @example
 * ```ts
 * const g: VitalsGroup = { grpid: 5_123_456_789, at: 1_717_225_920, date: "2024-06-01T08:12:00+02:00",
 *   localDate: "2024-06-01", localTime: "08:12:00", timezone: "Europe/Paris", attrib: 0, ambiguous: false,
 *   deviceid: "a1b2", model: "BPM Core", modelid: 44, values: { systolic: 121, diastolic: 79, heartPulse: 64 } };
 * ```
 */
export interface VitalsGroup {
  readonly grpid: number;
  /** Epoch seconds. */
  readonly at: number;
  /** The group's instant as the API gave it (ISO 8601 with its offset), when known. */
  readonly date: string | null;
  /** Date and time in the group's own zone, when known. */
  readonly localDate: string | null;
  readonly localTime: string | null;
  readonly timezone: string;
  readonly attrib: number;
  readonly ambiguous: boolean;
  readonly deviceid: string | null;
  readonly model: string | null;
  readonly modelid: number | null;
  /** The group's whole-body value of each vital it holds; no key for the others. */
  readonly values: Readonly<Partial<Record<VitalName, number>>>;
}

/**
 * What is stored of one dataset for one user: its rows (ECG signals count samples, as
 * {@link Store.counts} does) and when it last synced.
 *
 * @example
 * ```ts
 * const s: DatasetStatus = { rows: 1_284, lastSyncAt: 1_717_225_920 };
 * ```
 */
export interface DatasetStatus {
  readonly rows: number;
  /** Epoch seconds of the last successful sync of the dataset, `null` before the first. */
  readonly lastSyncAt: number | null;
}

/**
 * Store-neutral reads for those who show what was synced (the CLI, the dashboard, a
 * service's status), beside the {@link Store} the engine writes through. Every store
 * implements both, so a reader never runs SQL of its own and works on SQLite and
 * PostgreSQL alike.
 *
 * @example
 * ```ts
 * const store = openSqliteStore("withings.db"); // or: await PostgresStore.open(url)
 * const { systolic } = await store.latestVitals("42", ["systolic"]);
 * console.log(systolic?.values.systolic, systolic?.values.diastolic, systolic?.localDate);
 * const { measures } = await store.datasetStatus("42");
 * ```
 */
export interface StoreReader {
  /**
   * For each vital asked, the user's newest measurement group holding it (by instant, then
   * by `grpid`); no key for a vital never measured. Each vital is one indexed read.
   *
   * @throws {StoreError} `STORE_INVALID_ARGUMENT` for an empty user id or an unknown vital.
   */
  latestVitals(
    userId: string,
    vitals: readonly VitalName[],
  ): Promise<Partial<Record<VitalName, VitalsGroup>>>;
  /**
   * Per dataset, in `SYNC_DATASETS` order, the user's stored rows and last sync: what
   * `withings status` and the dashboard's freshness show, in two reads rather than one per
   * dataset. Unlike {@link Store.getState}, it never parses the engine's `meta`.
   *
   * @throws {StoreError} `STORE_INVALID_ARGUMENT` for an empty user id.
   */
  datasetStatus(userId: string): Promise<Record<SyncDataset, DatasetStatus>>;
}
