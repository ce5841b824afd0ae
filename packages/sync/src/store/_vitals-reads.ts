import { SYNC_DATASETS, type SyncDataset } from "../sync-dataset.js";
import { checkUser } from "./_check-batch.js";
import { StoreError } from "./store-error.js";
import type { DatasetStatus, VitalName, VitalsGroup } from "./store-reader.js";

// What both stores share of the `StoreReader` reads: the vitals' view columns, the checks,
// and the shaping of what the SQL gives back.

/** Each vital's column in the `vitals` view (SQLite migration 0002, PostgreSQL 0001). */
export const VITAL_COLUMNS: Readonly<Record<VitalName, string>> = Object.freeze({
  weight: "weight",
  height: "height",
  fatFreeMass: "fat_free_mass",
  fatRatio: "fat_ratio",
  fatMass: "fat_mass",
  diastolic: "diastolic",
  systolic: "systolic",
  heartPulse: "heart_pulse",
  temperature: "temperature",
  spo2: "spo2",
  bodyTemperature: "body_temperature",
  skinTemperature: "skin_temperature",
  muscleMass: "muscle_mass",
  hydration: "hydration",
  boneMass: "bone_mass",
  pwv: "pwv",
  vo2max: "vo2max",
  vascularAge: "vascular_age",
  extracellularWater: "extracellular_water",
  intracellularWater: "intracellular_water",
  visceralFat: "visceral_fat",
  basalMetabolicRate: "basal_metabolic_rate",
  metabolicAge: "metabolic_age",
});

const NAMES = Object.keys(VITAL_COLUMNS) as VitalName[];

/** Checks the arguments of `latestVitals`; gives the vitals asked, each once. */
export function checkVitals(userId: unknown, vitals: unknown): VitalName[] {
  checkUser(userId, "latestVitals");
  if (!Array.isArray(vitals)) {
    throw new StoreError("STORE_INVALID_ARGUMENT", "latestVitals: vitals must be an array");
  }
  for (const name of vitals) {
    if (typeof name !== "string" || !Object.hasOwn(VITAL_COLUMNS, name)) {
      throw new StoreError(
        "STORE_INVALID_ARGUMENT",
        `latestVitals: unknown vital ${JSON.stringify(String(name))} (known: ${NAMES.join(", ")})`,
      );
    }
  }
  return [...new Set(vitals as VitalName[])];
}

/** A `vitals` row as both stores read it (`ambiguous` is 0/1 in SQLite, boolean in PostgreSQL). */
export type VitalsRow = Readonly<Record<string, unknown>>;

/** The group a `vitals` row stands for, its empty columns left out. */
export function groupOfRow(row: VitalsRow): VitalsGroup {
  const values: Partial<Record<VitalName, number>> = {};
  for (const name of NAMES) {
    const value = row[VITAL_COLUMNS[name]];
    if (typeof value === "number") values[name] = value;
  }
  return {
    grpid: Number(row["grpid"]),
    at: Number(row["at"]),
    date: (row["date"] as string | null) ?? null,
    localDate: (row["local_date"] as string | null) ?? null,
    localTime: (row["local_time"] as string | null) ?? null,
    timezone: row["timezone"] as string,
    attrib: Number(row["attrib"]),
    ambiguous: row["ambiguous"] === true || row["ambiguous"] === 1,
    deviceid: (row["deviceid"] as string | null) ?? null,
    model: (row["model"] as string | null) ?? null,
    modelid:
      row["modelid"] === null || row["modelid"] === undefined ? null : Number(row["modelid"]),
    values,
  };
}

/** Every dataset's status from its count and the `sync_state` rows' `last_sync_at`. */
export function statusOf(
  counts: Partial<Record<SyncDataset, number>>,
  lastSync: ReadonlyMap<string, number | null>,
): Record<SyncDataset, DatasetStatus> {
  const status = {} as Record<SyncDataset, DatasetStatus>;
  for (const dataset of SYNC_DATASETS) {
    status[dataset] = { rows: counts[dataset] ?? 0, lastSyncAt: lastSync.get(dataset) ?? null };
  }
  return status;
}
