import {
  type CallOptions,
  type Clock,
  type CloudClock,
  isWithingsError,
  type RetryPolicy,
  WithingsAuthError,
  type WithingsUserClient,
} from "@withings-kit/client";
import type {
  ApplyResult,
  Store,
  StoreBatch,
  StoredRow,
  SyncMeta,
  SyncState,
} from "../store/store.js";
import type { SyncDataset } from "../sync-dataset.js";
import { classifyError } from "./classify-error.js";
import { engineRetryPolicy } from "./engine-retry-policy.js";
import { isZone } from "./is-zone.js";
import type { RequestMeter } from "./request-meter.js";
import type { SyncPhase, SyncProgress } from "./sync-progress.js";
import type { DatasetSyncReport, SyncErrorInfo } from "./sync-report.js";
import { toSyncErrorInfo } from "./to-sync-error-info.js";

/**
 * Engine options after defaults, shared by every user of a run.
 *
 * @example
 * ```ts
 * const settings: EngineSettings = { overlapSeconds: 3600, reconcileDays: 30, reconcileEveryHours: 24,
 *   sweepDays: 7, detailSettleSeconds: 21_600, leaseSeconds: 300, retries: 5, clock: systemClock,
 *   onProgress: undefined, meter: undefined };
 * ```
 */
export interface EngineSettings {
  readonly overlapSeconds: number;
  readonly reconcileDays: number;
  readonly reconcileEveryHours: number;
  /** 0 turns the history sweep off. */
  readonly sweepDays: number;
  readonly detailSettleSeconds: number;
  readonly leaseSeconds: number;
  readonly retries: number;
  readonly clock: Clock;
  readonly onProgress: ((progress: SyncProgress) => void) | undefined;
  readonly meter: RequestMeter | undefined;
}

/**
 * What one run asks for, after validation.
 *
 * @example
 * ```ts
 * const run: RunSettings = { since: undefined, reconcileDays: 30, signal: undefined };
 * ```
 */
export interface RunSettings {
  /** Epoch seconds. */
  readonly since: number | undefined;
  /** Set when the run forces a reconcile. */
  readonly reconcileDays: number | undefined;
  readonly signal: AbortSignal | undefined;
}

interface RowCounts {
  added: number;
  changed: number;
  deleted: number;
}

interface Tally {
  readonly dataset: SyncDataset;
  calls: number;
  pages: number;
  rows: number;
  total: number | undefined;
  reconciled: boolean;
  cursor: number | null;
  readonly meterStart: number;
}

/**
 * The state of one user's sync within a run: the user's client, the store, the running
 * tallies of the dataset in progress, and the two helpers every dataset goes through —
 * {@link UserSync.call} for requests (the engine's retry policy, counting) and
 * {@link UserSync.apply} for writes (tallies, progress). A user's datasets run one after
 * the other, which is what lets request counts be attributed to the dataset in progress.
 *
 * @example
 * ```ts
 * const sync = new UserSync("42", client.user("42"), client.cloudClock, store, settings, run);
 * sync.begin("devices");
 * const body = await sync.call((options) => sync.user.getDevice(options));
 * ```
 */
export class UserSync {
  readonly userId: string;
  readonly user: WithingsUserClient;
  readonly store: Store;
  readonly settings: EngineSettings;
  readonly run: RunSettings;
  /** Things the user of the report should know (a clock far off the cloud's). */
  readonly warnings: string[] = [];
  readonly #cloud: CloudClock;
  #zone: string | undefined;
  #tiling: string | undefined;
  #renew: (() => Promise<void>) | undefined;
  #retry: RetryPolicy | undefined;
  #tally: Tally | undefined;
  // Row counts per dataset written, which is not always the dataset in progress: a
  // reconcile of activity deletes intraday rows too, and they are reported as intraday's.
  readonly #counts = new Map<SyncDataset, RowCounts>();

  constructor(
    userId: string,
    user: WithingsUserClient,
    cloud: CloudClock,
    store: Store,
    settings: EngineSettings,
    run: RunSettings,
  ) {
    this.userId = userId;
    this.user = user;
    this.#cloud = cloud;
    this.store = store;
    this.settings = settings;
    this.run = run;
  }

  /** Now on the engine's clock, in whole epoch seconds (the API's unit). */
  nowSeconds(): number {
    return Math.floor(this.settings.clock.now() / 1000);
  }

  /**
   * The cloud's now in epoch seconds: the engine's clock corrected by the offset the
   * answers' `Date` headers showed (the engine's clock alone until an answer came). Every
   * window and cursor is placed with it, so a machine clock far off the cloud's cannot put a
   * reconcile window or a cursor in the wrong place.
   */
  cloudNow(): number {
    return Math.floor((this.settings.clock.now() + (this.#cloud.offsetMs() ?? 0)) / 1000);
  }

  /** Called before every request and write: renews the run's lease on the user. */
  onActivity(renew: () => Promise<void>): void {
    this.#renew = renew;
  }

  /**
   * The user's IANA zone for records that carry none (ECG recordings, intraday samples
   * outside any activity day): the one getmeas last answered, else a device's, else the
   * zone of the latest activity record stored, else UTC.
   */
  async zone(): Promise<string> {
    this.#zone ??=
      (await this.#measuresZone()) ??
      (await this.#askZone()) ??
      (await this.#knownZone()) ??
      (await this.#latestActivityZone()) ??
      "UTC";
    return this.#zone;
  }

  async #measuresZone(): Promise<string | undefined> {
    const zone = (await this.store.getState(this.userId, "measures"))?.meta?.["timezone"];
    return typeof zone === "string" && isZone(zone) ? zone : undefined;
  }

  // Only getmeas tells the user's zone, which labels the records that have none of their
  // own (ECG recordings): a run that did not read measures yet asks for it once, an empty
  // page of what changed from now on, rather than label rows in a zone no record has.
  #asked: Promise<string | undefined> | undefined;
  #askZone(): Promise<string | undefined> {
    this.#asked ??= this.#ask();
    return this.#asked;
  }

  async #ask(): Promise<string | undefined> {
    try {
      const body = await this.call((options) =>
        this.user.getMeas({ lastupdate: Math.floor(this.cloudNow()) }, options),
      );
      const zone = body.timezone;
      return typeof zone === "string" && isZone(zone) ? zone : undefined;
    } catch (error) {
      if (this.run.signal?.aborted) throw error;
      return undefined;
    }
  }

  /**
   * The zone whose local days are the user's intraday windows: fixed the first time
   * activity is synced (kept in activity's meta). Until then the user's zone as getmeas
   * tells it (asked for when measures were not read yet), or a device, else the zone of the
   * latest of `rows` (activity records being written), else the user's zone.
   */
  async tilingZone(rows?: readonly StoredRow[]): Promise<string> {
    if (this.#tiling !== undefined) return this.#tiling;
    const stored = (await this.meta("activity"))["tilingZone"];
    let zone =
      typeof stored === "string" && isZone(stored)
        ? stored
        : ((await this.#measuresZone()) ?? (await this.#askZone()) ?? (await this.#knownZone()));
    if (zone === undefined && rows !== undefined) {
      let latest: { date: string; timezone: string } | undefined;
      for (const row of rows as readonly { date?: unknown; timezone?: unknown }[]) {
        if (typeof row.date !== "string" || typeof row.timezone !== "string") continue;
        if (!isZone(row.timezone)) continue;
        if (latest === undefined || row.date > latest.date) {
          latest = { date: row.date, timezone: row.timezone };
        }
      }
      zone = latest?.timezone;
    }
    this.#tiling = zone ?? (await this.zone());
    return this.#tiling;
  }

  async #knownZone(): Promise<string | undefined> {
    const meta = (await this.store.getState(this.userId, "measures"))?.meta;
    const zone = meta?.["timezone"];
    if (typeof zone === "string" && isZone(zone)) return zone;
    for await (const row of this.store.rows({ dataset: "devices", userId: this.userId })) {
      const tz = (row as { timezone?: unknown }).timezone;
      if (typeof tz === "string" && isZone(tz)) return tz;
    }
    return undefined;
  }

  async #latestActivityZone(): Promise<string | undefined> {
    let zone: string | undefined;
    // Rows come by day, oldest first: the last one with a zone is the latest.
    for await (const row of this.store.rows({ dataset: "activity", userId: this.userId })) {
      const tz = (row as { timezone?: unknown }).timezone;
      if (typeof tz === "string" && isZone(tz)) zone = tz;
    }
    return zone;
  }

  /** Replaces the cached zone (getmeas answered a new one). */
  setZone(zone: string): void {
    this.#zone = zone;
  }

  /** A dataset's meta, `{}` when none is stored. */
  async meta(dataset: SyncDataset = this.dataset): Promise<SyncMeta> {
    return (await this.state(dataset))?.meta ?? {};
  }

  /** Starts the tallies of a dataset. */
  begin(dataset: SyncDataset): void {
    this.#tally = {
      dataset,
      calls: 0,
      pages: 0,
      rows: 0,
      total: undefined,
      reconciled: false,
      cursor: null,
      meterStart: this.settings.meter?.requests(this.userId) ?? 0,
    };
    this.progress("start");
  }

  /** Ends the dataset in progress and returns its report. */
  end(error?: unknown): DatasetSyncReport {
    const t = this.#current();
    this.#tally = undefined;
    const meter = this.settings.meter;
    const requests = meter === undefined ? t.calls : meter.requests(this.userId) - t.meterStart;
    const info: SyncErrorInfo | undefined =
      error === undefined ? undefined : toSyncErrorInfo(error);
    const counts = this.#take(t.dataset);
    this.#emit({
      userId: this.userId,
      dataset: t.dataset,
      phase: info === undefined ? "done" : "error",
      pages: t.pages,
      rows: t.rows,
      ...(t.total === undefined ? {} : { total: t.total }),
    });
    return {
      dataset: t.dataset,
      ...counts,
      requests,
      reconciled: t.reconciled,
      cursor: t.cursor,
      ...(info === undefined ? {} : { error: info }),
    };
  }

  /**
   * Reports for rows written to datasets this run did not sync (the intraday rows of a
   * deleted activity day when intraday was not asked for): they cost no request.
   */
  leftovers(): DatasetSyncReport[] {
    return [...this.#counts.keys()].map((dataset) => ({
      dataset,
      ...this.#take(dataset),
      requests: 0,
      reconciled: false,
      cursor: null,
    }));
  }

  #take(dataset: SyncDataset): RowCounts {
    const counts = this.#counts.get(dataset) ?? { added: 0, changed: 0, deleted: 0 };
    this.#counts.delete(dataset);
    return counts;
  }

  /** The dataset in progress. */
  get dataset(): SyncDataset {
    return this.#current().dataset;
  }

  /** Records the planned number of detail items, for progress bars. */
  setTotal(total: number): void {
    this.#current().total = total;
  }

  /** Records the dataset's cursor for the report. */
  setCursor(cursor: number | null): void {
    this.#current().cursor = cursor;
  }

  /** Marks that a deletion reconcile ran. */
  markReconciled(): void {
    this.#current().reconciled = true;
  }

  /** Reads a dataset's sync state. */
  state(dataset: SyncDataset = this.dataset): Promise<SyncState | undefined> {
    return this.store.getState(this.userId, dataset);
  }

  /**
   * Makes one API call, under the engine's retry policy (`engineRetryPolicy`: the
   * client's, with `retries` attempts more), so that one unlucky request does not fail a
   * dataset of a long backfill and every attempt is spaced by the one policy. Only a call
   * that failed around the request (its token refresh failed in passing, or it was refused
   * with 401 around a refresh that worked) is made again whole, after a pause: up to
   * `retries` times, and once for a refusal. Each time counts as one call in the report
   * (without a meter).
   */
  async call<T>(request: (options: CallOptions) => Promise<T>): Promise<T> {
    const signal = this.run.signal;
    this.#retry ??= engineRetryPolicy(this.user.retryPolicy, this.settings.retries);
    const options = signal === undefined ? { retry: this.#retry } : { signal, retry: this.#retry };
    for (let round = 0; ; round++) {
      signal?.throwIfAborted();
      await this.#renew?.();
      this.#current().calls++;
      try {
        return await request(options);
      } catch (error) {
        // Failures the policy cannot retry, as they happen around the data call, in the
        // user client: a refresh that failed in passing, or a call refused with 401 twice
        // around a refresh that worked. Only the whole call can be made again, after a
        // pause; the second kind only once, as each try spends a refresh.
        if (round >= reRuns(error, this.settings.retries)) throw error;
        await this.settings.clock.sleep(Math.min(30_000, 1000 * 2 ** round), signal);
      }
    }
  }

  /**
   * Writes one atomic batch for this user (the dataset in progress unless another is named)
   * and adds what it changed to the counts of the dataset written.
   */
  async apply(
    batch: Omit<StoreBatch, "userId" | "dataset"> & { readonly dataset?: SyncDataset },
    phase?: SyncPhase,
  ): Promise<ApplyResult> {
    const t = this.#current();
    const dataset = batch.dataset ?? t.dataset;
    await this.#renew?.();
    const result = await this.store.apply({ ...batch, userId: this.userId, dataset });
    let counts = this.#counts.get(dataset);
    if (counts === undefined) {
      counts = { added: 0, changed: 0, deleted: 0 };
      this.#counts.set(dataset, counts);
    }
    counts.added += result.added;
    counts.changed += result.changed;
    counts.deleted += result.deleted;
    t.rows += (batch.upsert?.length ?? 0) + result.deleted;
    if (batch.state?.cursor !== undefined && (batch.dataset ?? t.dataset) === t.dataset) {
      t.cursor = batch.state.cursor;
    }
    if (phase !== undefined) {
      t.pages++;
      this.progress(phase);
    }
    return result;
  }

  /** Emits a progress event for the dataset in progress. */
  progress(phase: SyncPhase): void {
    const t = this.#current();
    this.#emit({
      userId: this.userId,
      dataset: t.dataset,
      phase,
      pages: t.pages,
      rows: t.rows,
      ...(t.total === undefined ? {} : { total: t.total }),
    });
  }

  #emit(progress: SyncProgress): void {
    try {
      this.settings.onProgress?.(progress);
    } catch {
      // A progress bar's bug must not fail a sync.
    }
  }

  #current(): Tally {
    if (this.#tally === undefined) throw new Error("UserSync: no dataset in progress");
    return this.#tally;
  }
}

// A refresh that failed in passing (a gateway page, a timeout: `classifyError` counts it as
// "retry") is tried again with the same stored refresh token, as the next run would: if
// the cloud did rotate it, that run would fail the same way, so waiting gains nothing. A
// real revocation shows up as the refresh's refusal ("user"); a data call refused after a
// refresh that worked is a passing refusal ("retry").
function reRuns(error: unknown, retries: number): number {
  if (classifyError(error) !== "retry") return 0;
  if (error instanceof WithingsAuthError) return Math.min(1, retries);
  return isWithingsError(error) && error.action === "oauth2.requesttoken" ? retries : 0;
}
