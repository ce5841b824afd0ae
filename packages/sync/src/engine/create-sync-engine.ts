import {
  systemClock,
  WithingsAuthError,
  type WithingsClient,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import type { Store } from "../store/store.js";
import { SYNC_DATASETS, type SyncDataset } from "../sync-dataset.js";
import { classifyError } from "./classify-error.js";
import { DETAIL_SPECS } from "./detail-specs.js";
import { isReconcileDue } from "./is-reconcile-due.js";
import { LIST_SPECS } from "./list-specs.js";
import { reconcileList } from "./reconcile-list.js";
import { runPool } from "./run-pool.js";
import { syncDetails } from "./sync-details.js";
import { syncEcgSignals } from "./sync-ecg-signals.js";
import type { SyncEngineOptions } from "./sync-engine-options.js";
import { syncList } from "./sync-list.js";
import type { DatasetSyncReport, SyncReport, UserSyncReport } from "./sync-report.js";
import type { SyncRunOptions } from "./sync-run-options.js";
import { syncSnapshot } from "./sync-snapshot.js";
import { toSyncErrorInfo } from "./to-sync-error-info.js";
import { type EngineSettings, type RunSettings, UserSync } from "./user-sync.js";

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
   * @throws {TypeError} for invalid run options; any error of the token store listing the
   *   users when `users` is not given.
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
    if (!Object.hasOwn(known, key)) throw new TypeError(`${what}: unknown option "${key}"`);
  }
}

/**
 * Creates a {@link SyncEngine}. Options are validated, defaulted and frozen here.
 *
 * Per user and dataset, a cursor in the store's sync state is moved only in the `apply`
 * that commits the rows it covers:
 * - measures, objectives, activity, workouts, sleep summaries: `lastupdate` walks from the
 *   cursor minus `overlapSeconds`, paged as the API pages (see `syncList`);
 * - ECG recordings: heart list from `startdate` = cursor minus the overlap;
 * - intraday samples and sleep detail: fetched per stored activity day or night that is new
 *   or changed and has data (see `syncDetails`); ECG signals for stored recordings without
 *   one (see `syncEcgSignals`);
 * - devices and goals: one call each, replacing what is stored (see `syncSnapshot`).
 * Deletions are found by a reconcile that re-reads the last `reconcileDays` by date (see
 * `reconcileList`), every `reconcileEveryHours` or when a run asks for it.
 *
 * @throws {TypeError} for invalid options.
 * @example
 * ```ts
 * import { createWithingsClient } from "@withings-kit/client";
 * import { createSyncEngine, openSqliteStore, RequestMeter } from "@withings-kit/sync";
 *
 * const meter = new RequestMeter();
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore, onEvent: meter.onEvent });
 * const engine = createSyncEngine({ client, store: openSqliteStore("withings.db"), meter });
 * const report = await engine.run({ reconcileDays: 30 });
 * ```
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createSyncEngine: options must be an object");
  }
  checkKeys(options, ENGINE_OPTION_KEYS, "createSyncEngine");
  const client: WithingsClient = options.client;
  if (typeof client?.user !== "function" || typeof client.users !== "function") {
    throw new TypeError("createSyncEngine: client must be a WithingsClient");
  }
  const store: Store = options.store;
  if (typeof store?.apply !== "function" || typeof store.recordKeys !== "function") {
    throw new TypeError("createSyncEngine: store must implement Store");
  }
  const datasets = checkDatasets(options.datasets ?? SYNC_DATASETS, "datasets");
  const settings: EngineSettings = Object.freeze({
    overlapSeconds: checkNumber(options.overlapSeconds ?? 3600, "overlapSeconds", 0),
    reconcileDays: checkNumber(options.reconcileDays ?? 30, "reconcileDays", Number.MIN_VALUE),
    reconcileEveryHours: checkNumber(options.reconcileEveryHours ?? 24, "reconcileEveryHours", 0),
    retries: checkInteger(options.retries ?? 2, "retries", 0),
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
    try {
      sync = new UserSync(userId, client.user(userId), store, settings, run);
      for (const dataset of wanted) {
        if (run.signal?.aborted) {
          fatal = run.signal.reason;
          break;
        }
        sync.begin(dataset);
        try {
          await syncDataset(sync, dataset);
          reports.push(sync.end());
        } catch (error) {
          reports.push(sync.end(error));
          if (isFatalForUser(error) || run.signal?.aborted) {
            fatal = error;
            break;
          }
        }
      }
    } catch (error) {
      // client.user() refusing the id.
      fatal = error;
    }
    if (sync !== undefined) reports.push(...sync.leftovers());
    return userReport(userId, reports, fatal, settings.clock.now() - started);
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
          throw new TypeError("run: users must be non-empty strings");
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
      return syncDetails(sync, DETAIL_SPECS.intraday);
    case "sleep":
      return syncDetails(sync, DETAIL_SPECS.sleep);
    case "ecg_signal":
      return syncEcgSignals(sync);
    default: {
      const spec = LIST_SPECS[dataset];
      await syncList(sync, spec);
      const forced = sync.run.reconcileDays;
      const due =
        forced !== undefined ||
        isReconcileDue(await sync.state(), sync.nowSeconds(), sync.settings.reconcileEveryHours);
      if (due) await reconcileList(sync, spec, forced ?? sync.settings.reconcileDays);
    }
  }
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
    throw new TypeError("run: options must be an object");
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
  if (!Array.isArray(list)) throw new TypeError(`${name} must be an array of datasets`);
  for (const d of list) {
    if (!SYNC_DATASETS.includes(d)) {
      throw new TypeError(
        `${name}: unknown dataset ${JSON.stringify(d)}; expected one of ${SYNC_DATASETS.join(", ")}`,
      );
    }
  }
  // Run order: daily datasets before the dense ones fetched from them.
  return Object.freeze(SYNC_DATASETS.filter((d) => list.includes(d)));
}

function checkNumber(value: number, name: string, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(
      `${name} must be a finite number ≥ ${min === Number.MIN_VALUE ? "0 (exclusive)" : min}`,
    );
  }
  return value;
}

function checkInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer ≥ ${min}`);
  }
  return value;
}
