import type { IntradaySample, SleepSegment } from "@withings-kit/client";
import type { ListActionKey } from "../../cloud/list-action-key.js";
import type { ResolvedCloudBehaviour } from "../../types/cloud-behaviour.js";
import type { DataEndpointKey } from "../answers/data-endpoint-key.js";
import type { DataChange } from "../changes/data-change.js";
import type { AnswerNotes } from "../detail-lag/answer-notes.js";
import type { NotificationHint } from "../notifications/notification-hint.js";
import type { SandboxSnapshot } from "./sandbox-snapshot.js";

/**
 * One sandbox user's health data, answering the data actions the way the real cloud does
 * (reference §1.5–§1.13 and the quirks of §8). Every method takes the simulated `now` in
 * epoch seconds: a record is visible once its `created` time is reached, and synthetic users
 * keep producing new days as `now` moves forward.
 *
 * `snapshot`, `answer`, `intradaySamples` and `sleepSegments` are the truth tests compare
 * with: exactly what a complete, fault-free and lie-free read of the API answers at `now`,
 * under the user's cloud behaviour (page sizes, sort orders, offset style, clock skew and
 * detail lag applied; the lies of single HTTP answers, hidden `more` and omission, never).
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

  /** The cloud behaviour the user's data is answered with (defaults: the observed cloud, seed 1). */
  readonly cloud: ResolvedCloudBehaviour;

  /** Answers with this behaviour from now on (the sandbox sets it on every user). */
  useCloud(behaviour: ResolvedCloudBehaviour): void;

  /**
   * The response `body` of one data action for these form parameters.
   *
   * @param pageSizes - rows per page per list action for this call only; defaults to the
   *   cloud behaviour's page sizes.
   * @param notes - told how much detail the detail lag held back.
   * @throws {SandboxParamError} for a bad request.
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when a `pageSizes` entry is not a
   *   positive integer.
   */
  answer(
    key: DataEndpointKey,
    params: URLSearchParams,
    now: number,
    pageSizes?: Partial<Record<ListActionKey, number>>,
    notes?: AnswerNotes,
  ): unknown;

  /**
   * Every intraday sample with a time in [start, end] visible at `now`, in time order, with
   * every field: derived and explicit samples merged, detail lag applied, no 24 h cut.
   */
  intradaySamples(start: number, end: number, now: number): [number, IntradaySample][];

  /**
   * Every sleep segment starting in [start, end] visible at `now`, in time order, with every
   * keyed series the source has: detail lag applied, no 24 h cut.
   */
  sleepSegments(start: number, end: number, now: number): SleepSegment[];

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
