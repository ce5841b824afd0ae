import type { EndpointKey } from "../endpoints.js";
import type { EndpointResults } from "../types/endpoint-results.js";

/**
 * A kind of data `toRows` can flatten, one per readable Withings list or record.
 *
 * @example
 * ```ts
 * const d: Dataset = "measures";
 * ```
 */
export type Dataset =
  | "measures"
  | "activity"
  | "intraday"
  | "workouts"
  | "sleep_summaries"
  | "sleep"
  | "ecg"
  | "ecg_signal"
  | "devices"
  | "goals"
  | "subscriptions";

/**
 * Which action answers each dataset. The body `toRows` takes is that action's decoded body.
 *
 * @example
 * ```ts
 * datasetEndpoints.sleep; // "sleep.get"
 * ```
 */
export const datasetEndpoints = Object.freeze({
  measures: "measure.getmeas",
  activity: "measure.getactivity",
  intraday: "measure.getintradayactivity",
  workouts: "measure.getworkouts",
  sleep_summaries: "sleep.getsummary",
  sleep: "sleep.get",
  ecg: "heart.list",
  ecg_signal: "heart.get",
  devices: "user.getdevice",
  goals: "user.getgoals",
  subscriptions: "notify.list",
} as const satisfies Readonly<Record<Dataset, EndpointKey>>);

/**
 * Every dataset, in a stable order (the order CLI help and exports list them).
 *
 * @example
 * ```ts
 * for (const d of DATASETS) console.log(d, datasetEndpoints[d]);
 * ```
 */
export const DATASETS: readonly Dataset[] = Object.freeze(
  Object.keys(datasetEndpoints) as Dataset[],
);

/**
 * The decoded body `toRows` expects for a dataset.
 *
 * @example
 * ```ts
 * const body: BodyOf<"goals"> = { goals: { steps: 10000 } };
 * ```
 */
export type BodyOf<D extends Dataset> = EndpointResults[(typeof datasetEndpoints)[D]];
