import type { RecordTable } from "./record-table.js";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";
import type { TimeZoneCalendar } from "./time-zone-calendar.js";

/**
 * What a {@link DetailSource} may read of a user's records: the user's calendar and one
 * table per dataset. Sources derive detail from the stored records; they never drive the
 * store (generation, ids, cloud behaviour), so they see this view rather than the store.
 *
 * @example
 * ```ts
 * const records: UserRecords = store;
 * records.sleep.entries.length;
 * ```
 */
export interface UserRecords {
  readonly calendar: TimeZoneCalendar;
  readonly measures: RecordTable<StoredMeasureGroup>;
  readonly activity: RecordTable<StoredActivity>;
  readonly workouts: RecordTable<StoredWorkout>;
  readonly sleep: RecordTable<StoredSleepSummary>;
  readonly ecg: RecordTable<StoredEcg>;
  readonly devices: RecordTable<StoredDevice>;
}
