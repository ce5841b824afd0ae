import type { Dataset } from "@withings-kit/client";

/**
 * A dataset as the sync engine keeps it: its own cursor per user and its own table.
 * `objectives` are getmeas groups of category 2, synced with their own cursor and stored
 * beside the measures (the API's answer without `category` is unconfirmed, reference §2.3).
 *
 * @example
 * ```ts
 * const wanted: SyncDataset[] = ["measures", "sleep_summaries"];
 * ```
 */
export type SyncDataset =
  | "measures"
  | "objectives"
  | "activity"
  | "intraday"
  | "workouts"
  | "sleep_summaries"
  | "sleep"
  | "ecg"
  | "ecg_signal"
  | "devices"
  | "goals";

/**
 * Every sync dataset, in the order a sync runs them: the daily datasets come before the
 * dense ones that are fetched only for the days they say have data.
 *
 * @example
 * ```ts
 * SYNC_DATASETS.includes("intraday"); // true
 * ```
 */
export const SYNC_DATASETS: readonly SyncDataset[] = Object.freeze([
  "devices",
  "goals",
  "measures",
  "objectives",
  "activity",
  "intraday",
  "workouts",
  "sleep_summaries",
  "sleep",
  "ecg",
  "ecg_signal",
]);

/**
 * The `toRows` dataset whose rows a sync dataset stores.
 *
 * @example
 * ```ts
 * rowDataset.objectives; // "measures"
 * ```
 */
export const rowDataset = Object.freeze({
  measures: "measures",
  objectives: "measures",
  activity: "activity",
  intraday: "intraday",
  workouts: "workouts",
  sleep_summaries: "sleep_summaries",
  sleep: "sleep",
  ecg: "ecg",
  ecg_signal: "ecg_signal",
  devices: "devices",
  goals: "goals",
} as const satisfies Readonly<Record<SyncDataset, Dataset>>);
