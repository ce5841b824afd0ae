import type { Clock, WithingsClient } from "@withings-kit/client";
import type { Store } from "../store/store.js";
import type { SyncDataset } from "../sync-dataset.js";
import type { RequestMeter } from "./request-meter.js";
import type { SyncProgress } from "./sync-progress.js";

/**
 * Options of `createSyncEngine`. Validated, defaulted and frozen once, at creation.
 *
 * @example
 * ```ts
 * const options: SyncEngineOptions = { client, store, concurrency: 8, onProgress: (p) => console.log(p) };
 * ```
 */
export interface SyncEngineOptions {
  /**
   * One client for the whole application: its rate limiter is app-wide, so every user is
   * synced through `client.user(id)` of this one client.
   */
  readonly client: WithingsClient;
  readonly store: Store;
  /** Datasets a run syncs unless it names others. @default every dataset (`SYNC_DATASETS`) */
  readonly datasets?: readonly SyncDataset[];
  /** How far below the cursor each incremental walk starts. @default 3600 */
  readonly overlapSeconds?: number;
  /** Days a scheduled deletion reconcile re-reads. @default 30 */
  readonly reconcileDays?: number;
  /** Hours between scheduled deletion reconciles of a dataset. @default 24 */
  readonly reconcileEveryHours?: number;
  /**
   * Days within which any change anywhere in a user's history (an old record deleted or
   * edited, an ECG uploaded months late) reaches the database: the history sweep re-reads
   * all of it in passes of half this, a few steps a day. 0 turns the sweep off.
   * @default 7
   */
  readonly sweepDays?: number;
  /**
   * Hours after a parent's last change by which its detail (intraday samples, sleep
   * detail, an ECG signal) has reached the cloud: detail first fetched sooner is fetched once
   * more after that.
   * @default 6
   */
  readonly detailSettleHours?: number;
  /**
   * Seconds a run's lease on a user lasts without renewal (it renews as it works): how long
   * a run that died on another machine keeps others from syncing the user. A holder that
   * died on this machine is taken over at once.
   * @default 300
   */
  readonly leaseSeconds?: number;
  /** Users synced at once. @default 4 */
  readonly concurrency?: number;
  /** Told after every stored page or detail item. Exceptions it throws are ignored. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /**
   * The clock for "now" (reconcile windows, `lastSyncAt`) and the report's durations; give
   * the client's clock when it has one (the sandbox's in tests). @default the system clock
   */
  readonly clock?: Clock;
  /**
   * A meter wired to the client's `onEvent`; when given, reports count HTTP requests with
   * retries, else the API calls the engine made. @default none
   */
  readonly meter?: RequestMeter;
  /**
   * Attempts the engine's calls get beyond the client's retry policy, which it extends
   * (see `engineRetryPolicy`): a long backfill rides out a run of failures that a single
   * call would give up on. With the client's default of 5, a request is sent at most 10
   * times, each after the policy's backoff (capped at 30 s) and out of the duplicate window.
   * @default 5
   */
  readonly retries?: number;
}
