import type { Goals } from "@withings-kit/client";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";

/**
 * Every record of a user visible at one simulated instant, per dataset, shaped like the API
 * answers them (each record with all its fields, as if every `data_fields` were asked), in
 * a deterministic order: measures by (`date`, `grpid`), activity by `date`, workouts and
 * sleep by `startdate`, ECG by `timestamp`, devices as getdevice lists them.
 *
 * Intraday samples, sleep detail and ECG signals are not listed: they are derived from the
 * daily records (one day of intraday per tracker activity day with steps > 0, one night of
 * detail per summary, one signal per recording) and are fetched through `answer()`.
 *
 * @example
 * ```ts
 * const snap = user.snapshot(now);
 * const grpids = new Set(snap.measures.map((g) => g.grpid));
 * ```
 */
export interface SandboxSnapshot {
  readonly timezone: string;
  readonly measures: readonly StoredMeasureGroup[];
  readonly activity: readonly StoredActivity[];
  readonly workouts: readonly StoredWorkout[];
  readonly sleep: readonly StoredSleepSummary[];
  readonly ecg: readonly StoredEcg[];
  readonly devices: readonly StoredDevice[];
  /** `null` when the user has no goals (getgoals answers `"goals": []`). */
  readonly goals: Goals | null;
}
