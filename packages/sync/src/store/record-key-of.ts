import type { SyncDataset } from "../sync-dataset.js";
import { activitySource } from "./_activity-source.js";
import { deviceKey } from "./_device-key.js";
import { sleepRecordKey } from "./_sleep-record-key.js";
import { tableOf } from "./dataset-tables.js";
import type { StoredRow } from "./store.js";

/**
 * The record key of a row: what `Store.recordKeys` lists and `StoreBatch.delete` takes, so a
 * reconcile can compare a fresh re-read with what is stored without knowing each layout.
 *
 * | dataset | record key | one record is |
 * |---|---|---|
 * | measures, objectives | `grpid` | a measurement group (several rows) |
 * | activity | `date` and source (`YYYY-MM-DD|brand:modelid:device`) | one source's day |
 * | intraday | `time` (ISO UTC) | a sample |
 * | workouts, sleep_summaries | `id` | a workout, a night |
 * | sleep | `segmentStart` (ISO UTC) and device (`<segmentStart>|<model_id>:<hash_deviceid>`) | one device's sleep segment (several rows) |
 * | ecg, ecg_signal | `signalid` | a recording, its signal (many rows) |
 * | devices | `deviceid`, else `hash_deviceid`, else `unidentified:<type>:<model_id>:<model>` | a device |
 * | goals | `goal` | a goal |
 *
 * Returns `undefined` when the row lacks its key (such a row cannot be stored either).
 *
 * @example
 * ```ts
 * const fresh = new Set(toRows("measures", body).map((r) => recordKeyOf("measures", r)));
 * const gone = (await store.recordKeys(userId, "measures", from, to)).filter((k) => !fresh.has(k));
 * ```
 */
export function recordKeyOf(dataset: SyncDataset, row: StoredRow): string | undefined {
  const record = row as unknown as Readonly<Record<string, unknown>>;
  if (dataset === "devices") return deviceKey(record);
  if (dataset === "sleep") return sleepRecordKey(record);
  if (dataset === "activity") {
    const date = record["date"];
    return typeof date === "string" ? `${date}|${activitySource(record)}` : undefined;
  }
  const value = record[tableOf(dataset).recordKey];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}
