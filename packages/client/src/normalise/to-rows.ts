import { WithingsArgumentError } from "../errors/withings-argument-error.js";
import { RowContext } from "./_row-context.js";
import type { Cell } from "./cell.js";
import { type BodyOf, type Dataset, datasetEndpoints } from "./datasets.js";
import { type ActivityRow, activityRows } from "./rows/activity-rows.js";
import { type DeviceRow, deviceRows } from "./rows/device-rows.js";
import { type EcgRow, ecgRows } from "./rows/ecg-rows.js";
import { type EcgSignalRow, ecgSignalRows } from "./rows/ecg-signal-rows.js";
import { type GoalRow, goalRows } from "./rows/goal-rows.js";
import { type IntradayRow, intradayRows } from "./rows/intraday-rows.js";
import { type MeasureRow, measureRows } from "./rows/measure-rows.js";
import { type SleepRow, sleepRows } from "./rows/sleep-rows.js";
import { type SleepSummaryRow, sleepSummaryRows } from "./rows/sleep-summary-rows.js";
import { type SubscriptionRow, subscriptionRows } from "./rows/subscription-rows.js";
import { type WorkoutRow, workoutRows } from "./rows/workout-rows.js";
import type { ToRowsOptions } from "./to-rows-options.js";

/**
 * The row type of each dataset.
 *
 * @example
 * ```ts
 * type R = DatasetRows["sleep_summaries"]; // SleepSummaryRow
 * ```
 */
export interface DatasetRows {
  measures: MeasureRow;
  activity: ActivityRow;
  intraday: IntradayRow;
  workouts: WorkoutRow;
  sleep_summaries: SleepSummaryRow;
  sleep: SleepRow;
  ecg: EcgRow;
  ecg_signal: EcgSignalRow;
  devices: DeviceRow;
  goals: GoalRow;
  subscriptions: SubscriptionRow;
}

/**
 * The row type `toRows` returns for a dataset.
 *
 * @example
 * ```ts
 * const rows: RowOf<"measures">[] = toRows("measures", body);
 * ```
 */
export type RowOf<D extends Dataset> = DatasetRows[D];

// Fails to compile when a dataset lacks a row type, or a row has a non-primitive column.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowKeysMatch: Same<keyof DatasetRows, Dataset> = true;
const rowsAreFlat: DatasetRows[Dataset] extends Readonly<Record<string, Cell>> ? true : false =
  true;
void rowKeysMatch;
void rowsAreFlat;

type Flattener<D extends Dataset> = (body: BodyOf<D>, ctx: RowContext) => RowOf<D>[];

const flatteners: { readonly [D in Dataset]: Flattener<D> } = {
  measures: measureRows,
  activity: activityRows,
  intraday: intradayRows,
  workouts: workoutRows,
  sleep_summaries: sleepSummaryRows,
  sleep: sleepRows,
  ecg: ecgRows,
  ecg_signal: ecgSignalRows,
  devices: deviceRows,
  goals: goalRows,
  subscriptions: subscriptionRows,
};

/**
 * Flattens the decoded body of a dataset into flat records of primitives (`string`,
 * `number`, `boolean`, `null`), ready for CSV, a data frame or a SQL insert. A pure
 * function: it reads `body` and returns new rows.
 *
 * - Every row of a dataset has the same keys in the same order, so CSV columns line up;
 *   absent values are `null`, never missing keys. Fields the API spells get its spelling;
 *   derived columns are camelCase.
 * - Measures are scaled exactly (`value × 10^unit`, see `scaleValue`); unknown type codes
 *   are kept with `knownType: false`.
 * - Instants are ISO UTC (`…Z`) plus `localDate`/`localTime`/`offsetMinutes` in the record's
 *   own zone (record, then body, then `options.timezone`), correct across DST (Q14).
 * - The layout of each dataset is documented on its row type (`MeasureRow`, `SleepRow`, …).
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` for an unknown dataset or an
 *   invalid `options.timezone`.
 * @example
 * ```ts
 * const body = decoders["measure.getmeas"](json.body);
 * const rows = toRows("measures", body, { timezone: "Europe/Paris" });
 * const header = Object.keys(rows[0] ?? {}).join(",");
 * ```
 */
export function toRows<D extends Dataset>(
  dataset: D,
  body: BodyOf<D>,
  options?: ToRowsOptions,
): RowOf<D>[] {
  const flatten = Object.hasOwn(flatteners, dataset)
    ? (flatteners[dataset] as Flattener<D>)
    : undefined;
  if (flatten === undefined) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `toRows: unknown dataset ${JSON.stringify(dataset)}; expected one of ${Object.keys(datasetEndpoints).join(", ")}`,
    );
  }
  return flatten(body, new RowContext("toRows", options));
}
