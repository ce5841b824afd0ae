import type { DataChange } from "./data-change.js";
import type { DataEndpointKey } from "./data-endpoint-key.js";
import type { NotificationHint } from "./notification-hint.js";
import type { SandboxSnapshot } from "./sandbox-snapshot.js";

/**
 * One sandbox user's health data, answering the data actions the way the real cloud does
 * (reference §1.5–§1.13 and the quirks of §8). Every method takes the simulated `now` in
 * epoch seconds: a record is visible once its `created` time is reached, and synthetic users
 * keep producing new days as `now` moves forward.
 *
 * Synthetic history is generated lazily (see `generateUser`): `answer` generates only as
 * far back as the query reaches, while `snapshot`, `counts` and `apply` generate all of it
 * the first time (about half a second of CPU for ten years of the vitals-study profile).
 *
 * Errors: a bad request throws `SandboxParamError` (answered as body status 503
 * `Invalid Params: <message>`).
 *
 * @example
 * ```ts
 * const user = generateUser({ profile: "vitals-study", years: 1, seed: 1, userId: "42", now });
 * const body = user.answer("measure.getmeas", new URLSearchParams({ meastypes: "9,10" }), now);
 * ```
 */
export interface SandboxUserData {
  /** The user's IANA time zone (getmeas `timezone`, and the zone of every local date). */
  readonly timezone: string;

  /**
   * The response `body` of one data action for these form parameters.
   *
   * @param pageSizes - rows per page per action; defaults to the client's endpoint table
   *   (getmeas 4096, getactivity 200, getworkouts 300, heart list 200, getsummary 300).
   */
  answer(
    key: DataEndpointKey,
    params: URLSearchParams,
    now: number,
    pageSizes?: Partial<Record<DataEndpointKey, number>>,
  ): unknown;

  /** Applies a data edit at `now` and returns the notifications it should trigger. */
  apply(change: DataChange, now: number): NotificationHint[];

  /** Every record visible at `now`, per dataset. */
  snapshot(now: number): SandboxSnapshot;

  /** Visible record counts per dataset (`measures`, `activity`, `workouts`, `sleep`, `ecg`, `devices`, `goals`). */
  counts(now: number): Record<string, number>;

  /**
   * Notifications for records that reached the cloud in (`since`, `now`]: synthetic data
   * arriving as simulated time moves on (not edits: `apply()` returns those). One hint per
   * `appli`, covering the dates of what arrived.
   */
  arrivals(since: number, now: number): NotificationHint[];
}
