import { endpoints } from "@withings-kit/client/internal";

/**
 * How much data a user has, as a sync must fetch it.
 *
 * @example
 * ```ts
 * const v: DataVolume = { measures: 15_800, objectives: 12, activity: 1826, workouts: 750,
 *   sleep_summaries: 1660, ecg: 185, intradayDays: 1700, sleepNights: 1660, ecgSignals: 185 };
 * ```
 */
export interface DataVolume {
  /** Measure groups of category 1 (getmeas rows are groups). */
  readonly measures: number;
  /** Measure groups of category 2. */
  readonly objectives: number;
  /** Activity days. */
  readonly activity: number;
  readonly workouts: number;
  readonly sleep_summaries: number;
  /** ECG recordings. */
  readonly ecg: number;
  /** Days with intraday samples. */
  readonly intradayDays: number;
  /** Nights with sleep detail. */
  readonly sleepNights: number;
  /** ECG signals. */
  readonly ecgSignals: number;
}

/**
 * The fewest requests a full sync of `volume` can take: for each list, the pages of the
 * largest size the API gives (at least one request, which is how an empty list is learnt),
 * plus one request per day of intraday samples, per night of sleep detail and per ECG
 * signal, plus getdevice and getgoals. A sync's request count divided by this is its
 * overhead (probes of full last pages, DST days that need two 24 h windows, retries).
 *
 * @example
 * ```ts
 * minimumRequests({ measures: 5000, objectives: 0, activity: 365, workouts: 0, sleep_summaries: 0,
 *   ecg: 0, intradayDays: 300, sleepNights: 0, ecgSignals: 0 }).total;
 * // 311: lists 2 + 1 + 2 + 1 + 1 + 1, intraday 300, devices 1, goals 1
 * ```
 */
export function minimumRequests(
  volume: DataVolume,
  pageSizes: Partial<Record<ListAction, number>> = {},
): { readonly total: number; readonly byDataset: Readonly<Record<string, number>> } {
  const pages = (rows: number, action: ListAction) =>
    Math.max(1, Math.ceil(rows / (pageSizes[action] ?? endpoints[action].pagination.pageSize)));
  const byDataset: Record<string, number> = {
    measures: pages(volume.measures, "measure.getmeas"),
    objectives: pages(volume.objectives, "measure.getmeas"),
    activity: pages(volume.activity, "measure.getactivity"),
    workouts: pages(volume.workouts, "measure.getworkouts"),
    sleep_summaries: pages(volume.sleep_summaries, "sleep.getsummary"),
    ecg: pages(volume.ecg, "heart.list"),
    intraday: volume.intradayDays,
    sleep: volume.sleepNights,
    ecg_signal: volume.ecgSignals,
    devices: 1,
    goals: 1,
  };
  let total = 0;
  for (const n of Object.values(byDataset)) total += n;
  return { total, byDataset: Object.freeze(byDataset) };
}

/**
 * The list actions a sync pages through.
 *
 * @example
 * ```ts
 * const a: ListAction = "heart.list";
 * ```
 */
export type ListAction =
  | "measure.getmeas"
  | "measure.getactivity"
  | "measure.getworkouts"
  | "sleep.getsummary"
  | "heart.list";
