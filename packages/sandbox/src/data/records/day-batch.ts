import type { TableEntry } from "./record-table.js";
import type {
  StoredActivity,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";

/**
 * The records of one or more local days, per dataset, each list sorted the way its table
 * is, ready to be merged into the store.
 *
 * @example
 * ```ts
 * const batch: DayBatch = { measures: [], activity: [], workouts: [], sleep: [], ecg: [] };
 * ```
 */
export interface DayBatch {
  readonly measures: TableEntry<StoredMeasureGroup>[];
  readonly activity: TableEntry<StoredActivity>[];
  readonly workouts: TableEntry<StoredWorkout>[];
  readonly sleep: TableEntry<StoredSleepSummary>[];
  readonly ecg: TableEntry<StoredEcg>[];
}
