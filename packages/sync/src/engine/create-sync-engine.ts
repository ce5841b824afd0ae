import {
  systemClock,
  WithingsArgumentError,
  WithingsAuthError,
  type WithingsClient,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import type { Store } from "../store/store.js";
import { SYNC_DATASETS, type SyncDataset } from "../sync-dataset.js";
import { classifyError } from "./classify-error.js";
import { isReconcileDue } from "./is-reconcile-due.js";
import { LIST_SPECS, type ListSpec } from "./list-specs.js";
import { rereadRange } from "./reread-range.js";
import { runPool } from "./run-pool.js";
import { sweepStep } from "./sweep-step.js";
import { syncEcgSignals } from "./sync-ecg-signals.js";
import type { SyncEngineOptions } from "./sync-engine-options.js";
import { syncIntraday } from "./sync-intraday.js";
import { syncList } from "./sync-list.js";
import type { DatasetSyncReport, SyncReport, UserSyncReport } from "./sync-report.js";
import type { SyncRunOptions } from "./sync-run-options.js";
import { syncSleepDetail } from "./sync-sleep-detail.js";
import { syncSnapshot } from "./sync-snapshot.js";
import { toSyncErrorInfo } from "./to-sync-error-info.js";
import { UserLease } from "./user-lease.js";
import { type EngineSettings, type RunSettings, UserSync } from "./user-sync.js";

const DAY = 86_400;
// A clock further than this from the cloud's is worth a warning in the report.
const SKEW_WARNING_MS = 5 * 60_000;

/**
 * Keeps a store in step with the Withings cloud for any number of users. Create it with
 * {@link createSyncEngine}.
 *
 * @example
 * ```ts
 * const engine = createSyncEngine({ client, store });
 * const report = await engine.run();
 * for (const u of report.users) console.log(u.userId, u.added, u.changed, u.deleted, u.requests);
 * ```
 */
export interface SyncEngine {
  /**
   * Syncs users (concurrently, under the client's app-wide rate limiter), each user's
   * datasets in `SYNC_DATASETS` order. Never throws for what happens to a user or dataset:
   * failures are in the report, and one user's failure does not stop the others.
   *
   * @throws {WithingsArgumentError} for invalid run options; any error of the token store
   *   listing the users when `users` is not given.
   */
  run(options?: SyncRunOptions): Promise<SyncReport>;
}

// Every option, typed over the options' keys: an option added to the type but not here
// fails the build, and an unknown key passed at run time is refused instead of ignored.
const ENGINE_OPTION_KEYS: { readonly [K in keyof Required<SyncEngineOptions>]: true } = {
  client: true,
  store: true,
  datasets: true,
  overlapSeconds: true,
  reconcileDays: true,
  reconcileEveryHours: true,
  sweepDays: true,
  detailSettleHours: true,
  leaseSeconds: true,
  concurrency: true,
  onProgress: true,
  clock: true,
  meter: true,
  retries: true,
};
const RUN_OPTION_KEYS: { readonly [K in keyof Required<SyncRunOptions>]: true } = {
  users: true,
  datasets: true,
  since: true,
  reconcileDays: true,
  signal: true,
};

function checkKeys(options: object, known: object, what: string): void {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(known, key)) {
      throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `${what}: unknown option "${key}"`);
    }
  }
}

/**
 * Creates a {@link SyncEngine}. Options are validated, defaulted and frozen here.
 *
 * What a run promises, and against which cloud, is in docs/sync-guarantees.md. Per user, a
 * run first takes the user's lease in the store (a second run of the same user is refused
 * with `SYNC_BUSY`), then syncs each dataset:
 * - measures, objectives, activity, workouts, sleep summaries, ECG recordings: what changed
 *   since the cursor minus `overlapSeconds`, read whole and proven complete (see
 *   `syncList`); the cursor is the cloud's time when the read began;
 * - then, for the same datasets, the deletion reconcile of the last `reconcileDays` (every
 *   `reconcileEveryHours`, or when a run asks) and a step of the history sweep, so that any
 *   change anywhere is reflected within `sweepDays` (see `rereadRange`, `sweepStep`);
 * - intraday samples, sleep detail, ECG signals: the windows their parents marked, and the
 *   intraday windows never fetched (see `syncIntraday`, `syncSleepDetail`, `syncEcgSignals`);
 * - devices and goals: one call each, replacing what is stored (see `syncSnapshot`).
 *
 * @throws {WithingsArgumentError} for invalid options (`code` says how).
 * @example
 * ```ts
 * import { createWithingsClient } from "@withings-kit/client";
 * import { createSyncEngine, RequestMeter } from "@withings-kit/sync";
 * import { openSqliteStore } from "@withings-kit/sync/sqlite";
 *
 * const meter = new RequestMeter();
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore, onEvent: meter.onEvent });
 * const engine = createSyncEngine({ client, store: openSqliteStore("withings.db"), meter });
 * const report = await engine.run({ reconcileDays: 30 });
 * ```
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  if (typeof options !== "object" || options === null) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_TYPE",
      "createSyncEngine: options must be an object",
    );
  }
  checkKeys(options, ENGINE_OPTION_KEYS, "createSyncEngine");
  const client: WithingsClient = options.client;
  if (typeof client?.user !== "function" || typeof client.users !== "function") {
    throw new WithingsArgumentError(
      client === undefined ? "ERR_MISSING_ARGS" : "ERR_INVALID_ARG_TYPE",
      "createSyncEngine: client must be a WithingsClient",
    );
  }
  const store: Store = options.store;
  if (typeof store?.apply !== "function" || typeof store.recordKeys !== "function") {
    throw new WithingsArgumentError(
      store === undefined ? "ERR_MISSING_ARGS" : "ERR_INVALID_ARG_TYPE",
      "createSyncEngine: store must implement Store",
    );
  }
  const datasets = checkDatasets(options.datasets ?? SYNC_DATASETS, "datasets");
  const settings: EngineSettings = Object.freeze({
    overlapSeconds: checkNumber(options.overlapSeconds ?? 3600, "overlapSeconds", 0),
    reconcileDays: checkNumber(options.reconcileDays ?? 30, "reconcileDays", Number.MIN_VALUE),
    reconcileEveryHours: checkNumber(options.reconcileEveryHours ?? 24, "reconcileEveryHours", 0),
    sweepDays: checkNumber(options.sweepDays ?? 7, "sweepDays", 0),
    detailSettleSeconds: checkNumber(options.detailSettleHours ?? 6, "detailSettleHours", 0) * 3600,
    leaseSeconds: checkNumber(options.leaseSeconds ?? 300, "leaseSeconds", 1),
    retries: checkInteger(options.retries ?? 5, "retries", 0),
    clock: options.clock ?? systemClock,
    onProgress: options.onProgress,
    meter: options.meter,
  });
  const concurrency = checkInteger(options.concurrency ?? 4, "concurrency", 1);

  const syncUser = async (
    userId: string,
    wanted: readonly SyncDataset[],
    run: RunSettings,
  ): Promise<UserSyncReport> => {
    const started = settings.clock.now();
    const reports: DatasetSyncReport[] = [];
    let fatal: unknown;
    let sync: UserSync | undefined;
    let lease: UserLease | undefined;
    try {
      sync = new UserSync(userId, client.user(userId), client.cloudClock, store, settings, run);
      const owned = sync;
      lease = await UserLease.take(store, userId, {
        now: owned.nowSeconds(),
        leaseSeconds: settings.leaseSeconds,
      });
      const held = lease;
      owned.onActivity(() => held.renew(owned.nowSeconds()));
      for (const dataset of wanted) {
        if (run.signal?.aborted) {
          fatal = run.signal.reason;
          break;
        }
        owned.begin(dataset);
        try {
          await syncDataset(owned, dataset);
          reports.push(owned.end());
        } catch (error) {
          reports.push(owned.end(error));
          if (isFatalForUser(error) || run.signal?.aborted) {
            fatal = error;
            break;
          }
        }
      }
    } catch (error) {
      // client.user() refusing the id, or another run holding the user.
      fatal = error;
    } finally {
      await lease?.release().catch(() => {});
    }
    if (sync !== undefined) reports.push(...sync.leftovers());
    const offset = client.cloudClock.offsetMs();
    const warnings = sync === undefined ? [] : [...sync.warnings];
    if (offset !== undefined && Math.abs(offset) >= SKEW_WARNING_MS) {
      warnings.push(
        `this machine's clock is ${Math.round(Math.abs(offset) / 60_000)} min ${offset > 0 ? "behind" : "ahead of"} the Withings cloud's; windows and cursors used the cloud's time`,
      );
    }
    return userReport(userId, reports, fatal, settings.clock.now() - started, warnings);
  };

  return Object.freeze({
    async run(runOptions: SyncRunOptions = {}): Promise<SyncReport> {
      const startedAt = settings.clock.now();
      const run = checkRun(runOptions);
      const wanted = runOptions.datasets
        ? checkDatasets(runOptions.datasets, "run datasets")
        : datasets;
      const users = [...new Set(runOptions.users ?? (await client.users()))];
      for (const id of users) {
        if (typeof id !== "string" || id === "") {
          throw new WithingsArgumentError(
            "ERR_INVALID_ARG_VALUE",
            "run: users must be non-empty strings",
          );
        }
      }
      const reports = await runPool(users, concurrency, (id) => syncUser(id, wanted, run));
      return summarize(reports, startedAt, settings.clock.now() - startedAt);
    },
  });
}

async function syncDataset(sync: UserSync, dataset: SyncDataset): Promise<void> {
  switch (dataset) {
    case "devices":
    case "goals":
      return syncSnapshot(sync, dataset);
    case "intraday":
      return syncIntraday(sync);
    case "sleep":
      return syncSleepDetail(sync);
    case "ecg_signal":
      return syncEcgSignals(sync);
    default: {
      const spec = LIST_SPECS[dataset];
      await syncList(sync, spec);
      await reconcile(sync, spec);
      await sweep(sync, spec);
    }
  }
}

// Deletions of recent records: the last `reconcileDays` re-read once a day (or when the run
// asks), on the cloud's clock.
async function reconcile(sync: UserSync, spec: ListSpec): Promise<void> {
  const now = sync.cloudNow();
  const forced = sync.run.reconcileDays;
  const due =
    forced !== undefined ||
    isReconcileDue(await sync.state(), now, sync.settings.reconcileEveryHours);
  if (!due) return;
  const days = forced ?? sync.settings.reconcileDays;
  // Up to two days ahead: a device's clock, or a zone east of UTC, dates records tomorrow.
  await rereadRange(sync, spec, now - Math.round(days * DAY), now + 2 * DAY);
  await sync.apply({ state: { lastReconcileAt: now } });
  sync.markReconciled();
}

// Any change anywhere in the history, within `sweepDays` (see `sweepStep`).
async function sweep(sync: UserSync, spec: ListSpec): Promise<void> {
  if (sync.settings.sweepDays <= 0) return;
  const now = sync.cloudNow();
  const meta = await sync.meta();
  const step = sweepStep(meta["sweep"], now, sync.settings.sweepDays);
  if (step.read !== undefined) await rereadRange(sync, spec, step.read.from, step.read.to);
  const before = JSON.stringify(meta["sweep"]);
  if (JSON.stringify(step.next) === before) return;
  // Read again: the re-read may have written the dataset's state.
  await sync.apply({ state: { meta: { ...(await sync.meta()), sweep: step.next } } });
}

// A user's remaining datasets are skipped when consent is needed again, or when the API
// could not be reached at all after every retry: the next dataset would only spend the
// same retries and fail the same way (an offline run would take minutes to report).
function isFatalForUser(error: unknown): boolean {
  return (
    classifyError(error) === "user" ||
    (error instanceof WithingsAuthError && error.needsReauthorization) ||
    error instanceof WithingsNetworkError ||
    error instanceof WithingsTimeoutError
  );
}

function userReport(
  userId: string,
  datasets: DatasetSyncReport[],
  fatal: unknown,
  durationMs: number,
  warnings: readonly string[],
): UserSyncReport {
  let added = 0;
  let changed = 0;
  let deleted = 0;
  let requests = 0;
  for (const d of datasets) {
    added += d.added;
    changed += d.changed;
    deleted += d.deleted;
    requests += d.requests;
  }
  const error = fatal === undefined ? undefined : toSyncErrorInfo(fatal);
  return {
    userId,
    datasets,
    added,
    changed,
    deleted,
    requests,
    ...(error === undefined ? {} : { error }),
    needsReauthorization: error?.needsReauthorization === true,
    durationMs,
    warnings,
  };
}

function summarize(users: UserSyncReport[], startedAt: number, durationMs: number): SyncReport {
  let added = 0;
  let changed = 0;
  let deleted = 0;
  let requests = 0;
  let errors = 0;
  let failedUsers = 0;
  for (const u of users) {
    added += u.added;
    changed += u.changed;
    deleted += u.deleted;
    requests += u.requests;
    const datasetErrors = u.datasets.filter((d) => d.error !== undefined).length;
    // A user's fatal error is also the error of the dataset it stopped in: count it once.
    errors += datasetErrors + (u.error !== undefined && datasetErrors === 0 ? 1 : 0);
    if (u.error !== undefined) failedUsers++;
  }
  return {
    users,
    totals: { users: users.length, failedUsers, added, changed, deleted, requests, errors },
    ok: errors === 0,
    startedAt,
    durationMs,
  };
}

function checkRun(options: SyncRunOptions): RunSettings {
  if (typeof options !== "object" || options === null) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_TYPE", "run: options must be an object");
  }
  checkKeys(options, RUN_OPTION_KEYS, "run");
  let since: number | undefined;
  if (options.since !== undefined) {
    since =
      options.since instanceof Date ? Math.floor(options.since.getTime() / 1000) : options.since;
    checkNumber(since, "since", 0);
  }
  if (options.reconcileDays !== undefined) {
    checkNumber(options.reconcileDays, "reconcileDays", Number.MIN_VALUE);
  }
  return Object.freeze({
    since,
    reconcileDays: options.reconcileDays,
    signal: options.signal,
  });
}

function checkDatasets(list: readonly SyncDataset[], name: string): readonly SyncDataset[] {
  if (!Array.isArray(list)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_TYPE", `${name} must be an array of datasets`);
  }
  for (const d of list) {
    if (!SYNC_DATASETS.includes(d)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `${name}: unknown dataset ${JSON.stringify(d)}; expected one of ${SYNC_DATASETS.join(", ")}`,
      );
    }
  }
  // Run order: daily datasets before the dense ones fetched from them.
  return Object.freeze(SYNC_DATASETS.filter((d) => list.includes(d)));
}

function checkNumber(value: number, name: string, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `${name} must be a finite number ≥ ${min === Number.MIN_VALUE ? "0 (exclusive)" : min}`,
    );
  }
  return value;
}

function checkInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `${name} must be an integer ≥ ${min}`);
  }
  return value;
}
