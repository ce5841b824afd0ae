import {
  type EndpointParams,
  type EndpointResults,
  type GetMeasBody,
  type MeasureRow,
  toRows,
} from "@withings-kit/client";
import { endpoints } from "@withings-kit/client/internal";
import { dayEpoch } from "../store/instants.js";
import type { StoredRow } from "../store/store.js";
import type { ListAction } from "./minimum-requests.js";
import type { ReadWindow } from "./read-window.js";

/**
 * The datasets synced by walking a list action: incrementally by `lastupdate` (heart list,
 * which has none, by `startdate`) and re-read by date range for reconciles and the sweep.
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
 * How one list dataset is read: the action and where its list is, the parameters of an
 * incremental walk and of a range re-read, which value of an item each of them filters on
 * (so that two reads with slightly different parameters are compared on what both must
 * hold), how a page becomes rows, and the cloud's time when the answer gives it. One table
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
  /** Where the answer's list is. */
  readonly listKey: string;
  /** Parameters of a walk of what changed after `start` (`lastupdate`; heart list `startdate`). */
  incremental(start: number): Readonly<Record<string, unknown>>;
  /** The value an incremental walk compares with its `start` (`modified`, `timestamp`). */
  stamp(item: unknown): number | null;
  /** Parameters of a re-read of a window. */
  range(window: ReadWindow): Readonly<Record<string, unknown>>;
  /** The item's record instant, as the store places the record (see `Store.recordKeys`). */
  instant(item: unknown): number | null;
  /** The rows of an answer (of its items, or of those given), in the user's zone if needed. */
  rows(body: unknown, zone: string): StoredRow[];
  /** The cloud's time when it built the answer (getmeas `updatetime`), if the action gives it. */
  serverTime?(body: unknown): number | undefined;
  /**
   * True when the incremental filter reads a device's clock (heart list's `timestamp`), not
   * the cloud's: such a cursor is never set later than the walk's start.
   */
  readonly deviceClock?: boolean;
}

interface TypedListSpec<K extends ListAction> {
  readonly dataset: ListDataset;
  readonly key: K;
  readonly listKey: string;
  incremental(start: number): Omit<EndpointParams<K>, "offset">;
  stamp(item: Item<K>): number | null;
  range(window: ReadWindow): Omit<EndpointParams<K>, "offset">;
  instant(item: Item<K>): number | null;
  rows(body: EndpointResults[K], zone: string): StoredRow[];
  serverTime?(body: EndpointResults[K]): number | undefined;
  readonly deviceClock?: boolean;
}

type Item<K extends ListAction> = K extends "measure.getmeas"
  ? EndpointResults[K]["measuregrps"][number]
  : K extends "measure.getactivity"
    ? EndpointResults[K]["activities"][number]
    : EndpointResults[K] extends { series: readonly (infer I)[] }
      ? I
      : never;

// Each entry is checked against its own action's types, then erased to the common shape
// the walkers use (they cannot relate a runtime action to its parameter type).
function listSpec<K extends ListAction>(spec: TypedListSpec<K>): ListSpec {
  return Object.freeze(spec) as unknown as ListSpec;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function day(value: unknown): number | null {
  return dayEpoch(value) ?? null;
}

// Measures and objectives are both getmeas. The walk of measures sends no `category`: what
// the API answers without one is unconfirmed (§9.4; both categories, or the real measures
// only), so measures keep every category but 2 of it, whatever it holds — groups of a
// category other than 1 or 2 included — and objectives are asked for on their own.
function measureSpec(dataset: "measures" | "objectives"): ListSpec {
  const category = dataset === "objectives" ? { category: 2 as const } : {};
  const keep = (row: MeasureRow) => (row.category === 2) === (dataset === "objectives");
  return listSpec({
    dataset,
    key: "measure.getmeas",
    listKey: "measuregrps",
    incremental: (start) => ({ ...category, lastupdate: start }),
    stamp: (g) => num(g.modified),
    range: (w) => ({ ...category, startdate: w.readFrom, enddate: w.readTo }),
    instant: (g) => num(g.date),
    rows: (body: GetMeasBody) => toRows("measures", body).filter(keep),
    serverTime: (body) => (typeof body.updatetime === "number" ? body.updatetime : undefined),
  });
}

/**
 * Every list dataset's {@link ListSpec}. The v2 actions get every `data_fields` name, since
 * without it they answer a subset (getactivity leaves out heart rate, getsummary most
 * scores), and a sync keeps everything the user's devices measured.
 *
 * @example
 * ```ts
 * LIST_SPECS.objectives.incremental(0); // { category: 2, lastupdate: 0 }
 * ```
 */
export const LIST_SPECS: { readonly [D in ListDataset]: ListSpec } = Object.freeze({
  measures: measureSpec("measures"),
  objectives: measureSpec("objectives"),
  activity: listSpec({
    dataset: "activity",
    key: "measure.getactivity",
    listKey: "activities",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["measure.getactivity"].dataFields,
    }),
    stamp: (a) => num(a.modified),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["measure.getactivity"].dataFields,
    }),
    instant: (a) => day(a.date),
    rows: (body) => toRows("activity", body),
  }),
  workouts: listSpec({
    dataset: "workouts",
    key: "measure.getworkouts",
    listKey: "series",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["measure.getworkouts"].dataFields,
    }),
    stamp: (w) => num(w.modified),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["measure.getworkouts"].dataFields,
    }),
    instant: (w) => day(w.date),
    rows: (body) => toRows("workouts", body),
  }),
  sleep_summaries: listSpec({
    dataset: "sleep_summaries",
    key: "sleep.getsummary",
    listKey: "series",
    incremental: (start) => ({
      lastupdate: start,
      data_fields: endpoints["sleep.getsummary"].dataFields,
    }),
    stamp: (s) => num(s.modified),
    range: (w) => ({
      startdateymd: w.startYmd,
      enddateymd: w.endYmd,
      data_fields: endpoints["sleep.getsummary"].dataFields,
    }),
    instant: (s) => day(s.date),
    rows: (body) => toRows("sleep_summaries", body),
  }),
  // Heart list has no `lastupdate`: walks ask from `startdate` (on `timestamp`, a device's
  // clock). A recording uploaded long after it was taken is found by the reconcile while
  // recent and by the sweep later. Recordings carry no zone: their local times are in the
  // user's.
  ecg: listSpec({
    dataset: "ecg",
    key: "heart.list",
    listKey: "series",
    incremental: (start) => (start > 0 ? { startdate: start } : {}),
    stamp: (r) => num(r.timestamp),
    range: (w) => ({ startdate: w.readFrom, enddate: w.readTo }),
    instant: (r) => num(r.timestamp),
    rows: (body, zone) => toRows("ecg", body, { timezone: zone }),
    deviceClock: true,
  }),
});
