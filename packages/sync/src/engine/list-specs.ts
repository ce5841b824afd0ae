import {
  type EndpointParams,
  type EndpointResults,
  endpoints,
  type GetMeasBody,
  toRows,
} from "@withings-kit/client";
import type { StoredRow } from "../store/store.js";
import type { ListAction } from "./minimum-requests.js";
import type { ReconcileWindow } from "./reconcile-window.js";
import { staleMeasureGroups } from "./stale-measure-groups.js";
import type { UserSync } from "./user-sync.js";

/**
 * The datasets synced by walking a list action: incrementally by `lastupdate` (heart list,
 * which has none, by `startdate`) and reconciled by date range.
 *
 * @example
 * ```ts
 * const d: ListDataset = "sleep_summaries";
 * ```
 */
export type ListDataset =
  | "measures"
  | "objectives"
  | "activity"
  | "workouts"
  | "sleep_summaries"
  | "ecg";

/**
 * Where a page of a list puts a walk's cursor.
 *
 * @example
 * ```ts
 * const c: PageCursor = { server: 1_704_412_800, seen: 1_704_410_000 };
 * ```
 */
export interface PageCursor {
  /** The server's time when it built the answer (getmeas `updatetime`). */
  readonly server?: number;
  /** The largest `modified` (heart list: `timestamp`) on the page, if any. */
  readonly seen: number | null;
}

/**
 * How one list dataset is read: the action, the parameters of an incremental walk and of a
 * reconcile re-read, how a page becomes rows, and where a page puts the cursor. One table
 * instead of a class per dataset, so that every dataset is read the same way.
 *
 * @example
 * ```ts
 * const spec = LIST_SPECS.activity;
 * spec.incremental(1_700_000_000); // { lastupdate: 1700000000, data_fields: [...] }
 * ```
 */
export interface ListSpec {
  readonly dataset: ListDataset;
  readonly key: ListAction;
  /** Parameters of a walk from `start` (`lastupdate`, or `startdate` for heart list). */
  incremental(start: number): Readonly<Record<string, unknown>>;
  /** Parameters of a reconcile re-read of `window`. */
  range(window: ReconcileWindow): Readonly<Record<string, unknown>>;
  rows(body: unknown): StoredRow[];
  cursor(body: unknown): PageCursor;
  /**
   * True when the cursor is read from a device's clock (heart list's `timestamp`), not the
   * server's: `syncList` then never commits it later than the walk's start.
   */
  readonly deviceClock?: boolean;
  /**
   * Record keys of the page whose stored rows must be replaced, not just upserted (records
   * of several rows that lost one); none when absent.
   */
  stale?(sync: UserSync, body: unknown, rows: readonly StoredRow[]): Promise<string[]>;
}

interface TypedListSpec<K extends ListAction> {
  readonly dataset: ListDataset;
  readonly key: K;
  incremental(start: number): Omit<EndpointParams<K>, "offset">;
  range(window: ReconcileWindow): Omit<EndpointParams<K>, "offset">;
  rows(body: EndpointResults[K]): StoredRow[];
  cursor(body: EndpointResults[K]): PageCursor;
  readonly deviceClock?: boolean;
  stale?(sync: UserSync, body: EndpointResults[K], rows: readonly StoredRow[]): Promise<string[]>;
}

// Each entry is checked against its own action's types, then erased to the common shape
// the walker uses (it cannot relate a runtime action to its parameter type).
function listSpec<K extends ListAction>(spec: TypedListSpec<K>): ListSpec {
  return Object.freeze(spec) as unknown as ListSpec;
}

function maxOf(values: Iterable<number | null | undefined>): number | null {
  let max: number | null = null;
  for (const v of values) if (typeof v === "number" && (max === null || v > max)) max = v;
  return max;
}

function measureSpec(dataset: "measures" | "objectives", category: 1 | 2): ListSpec {
  return listSpec({
    dataset,
    key: "measure.getmeas",
    incremental: (start) => ({ category, lastupdate: start }),
    range: (w) => ({ category, startdate: w.readFrom, enddate: w.readTo }),
    rows: (body: GetMeasBody) => toRows("measures", body),
    cursor: (body) => ({
      ...(typeof body.updatetime === "number" ? { server: body.updatetime } : {}),
      seen: maxOf(body.measuregrps.map((g) => g.modified)),
    }),
    stale: (sync, body, rows) => staleMeasureGroups(sync, dataset, body, rows),
  });
}

/**
 * Every list dataset's {@link ListSpec}. Measures and objectives are both getmeas, told
 * apart by `category` (1 real measures, 2 objectives: the answer without `category` is
 * unconfirmed, reference §9.4). The v2 actions get every `data_fields` name, since without
 * it they answer a subset.
 *
 * @example
 * ```ts
 * LIST_SPECS.measures.incremental(0); // { category: 1, lastupdate: 0 }
 * ```
 */
// Every `data_fields` value is asked for: without them several actions answer a default
// subset (getactivity leaves out heart rate, getsummary most scores), and a sync should keep
// everything the user's devices measured. Names a device cannot produce cost nothing.
export const LIST_SPECS: { readonly [D in ListDataset]: ListSpec } = Object.freeze({
  measures: measureSpec("measures", 1),
  objectives: measureSpec("objectives", 2),
  activity: listSpec({
    dataset: "activity",
    key: "measure.getactivity",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["measure.getactivity"].dataFields,
    }),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["measure.getactivity"].dataFields,
    }),
    rows: (body) => toRows("activity", body),
    cursor: (body) => ({ seen: maxOf(body.activities.map((a) => a.modified)) }),
  }),
  workouts: listSpec({
    dataset: "workouts",
    key: "measure.getworkouts",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["measure.getworkouts"].dataFields,
    }),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["measure.getworkouts"].dataFields,
    }),
    rows: (body) => toRows("workouts", body),
    cursor: (body) => ({ seen: maxOf(body.series.map((w) => w.modified)) }),
  }),
  sleep_summaries: listSpec({
    dataset: "sleep_summaries",
    key: "sleep.getsummary",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["sleep.getsummary"].dataFields,
    }),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["sleep.getsummary"].dataFields,
    }),
    rows: (body) => toRows("sleep_summaries", body),
    cursor: (body) => ({ seen: maxOf(body.series.map((s) => s.modified)) }),
  }),
  // Heart list has no `lastupdate`: the walk asks from `startdate` (on `timestamp`) and the
  // cursor is the newest recording's timestamp, at most the walk's start (`deviceClock`:
  // the timestamp is the device's clock, which can be ahead). A recording uploaded long
  // after it was taken is found by the reconcile re-read of the recent window.
  ecg: listSpec({
    dataset: "ecg",
    key: "heart.list",
    incremental: (start) => (start > 0 ? { startdate: start } : {}),
    range: (w) => ({ startdate: w.readFrom, enddate: w.readTo }),
    rows: (body) => toRows("ecg", body),
    cursor: (body) => ({ seen: maxOf(body.series.map((r) => r.timestamp)) }),
    deviceClock: true,
  }),
});
