import type { Goals } from "@withings-kit/client";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "../records/stored-records.js";

/**
 * Every record of a user visible at one simulated instant, per dataset, shaped like the API
 * answers them (each record with all its fields, as if every `data_fields` were asked, and
 * its `created`/`modified` stamps on its server's clock, `serverSkewSeconds`), in a
 * deterministic order whatever the cloud's sort orders: measures by (`date`, `grpid`),
 * activity by (`date`, source), workouts and sleep by `startdate`, ECG by `timestamp`,
 * devices as getdevice lists them.
 *
 * Intraday samples, sleep detail and ECG signals are not listed: read them with
 * `intradaySamples(start, end, now)`, `sleepSegments(start, end, now)` and
 * `answer("heart.get", …)`, which apply the detail lag the same way.
 *
 * @example
 * ```ts
 * const snap = sandbox.userData(userid).snapshot(now);
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
