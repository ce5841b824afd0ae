import { deviceModels } from "../../catalogue/device-models.js";
import { workoutCategories } from "../../catalogue/workout-categories.js";
import type { DataField } from "../../endpoints.js";
import { endpoints } from "../../endpoints.js";
import type { GetWorkoutsBody } from "../../types/activity.js";
import { duration, extraJson, num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * Numeric `data` fields of a workout, in column order (reference §1.8). They become plain
 * columns with the API's names, no prefix: none collides with a top-level workout field,
 * and `calories`/`hr_average` read better in a CSV header than `data_calories`.
 */
// Every workout field but the status, which is text.
const NUMERIC = endpoints["measure.getworkouts"].dataFields.filter(
  (f): f is Exclude<DataField<"measure.getworkouts">, "core_body_temperature_status"> =>
    f !== "core_body_temperature_status",
);

const STATUS = "core_body_temperature_status";
const KNOWN = new Set<string>([...NUMERIC, STATUS]);

/**
 * One workout: the `"workouts"` dataset of `toRows`. `data` is sparse (Q13): missing and
 * `null` fields are both `null`, and HR fields can be `0` when there was no HR. `model` is a
 * model id here (Q11). Local start and end are in the workout's own `timezone`. Unknown
 * `data` fields (e.g. the legacy `effduration`) go to `extra` as JSON.
 *
 * @example
 * ```ts
 * const w: WorkoutRow | undefined = toRows("workouts", body)[0];
 * // { id: 3661300277, category: 1, categoryKey: "walk", attrib: 0, date: "2023-08-29",
 * //   timezone: "Europe/Amsterdam", startdate: "2023-08-29T19:06:51Z", ..., calories: 47, ... }
 * ```
 */
export type WorkoutRow = {
  id: number;
  category: number;
  /** The catalogue key of `category`, e.g. `run`, or `null` when unknown. */
  categoryKey: string | null;
  attrib: number | null;
  /** The API's local day of the workout. */
  date: string | null;
  timezone: string;
  startdate: string | null;
  enddate: string | null;
  localStartDate: string | null;
  localStartTime: string | null;
  localEndDate: string | null;
  localEndTime: string | null;
  durationSeconds: number | null;
  model: number | null;
  modelName: string | null;
  deviceid: string | null;
  modified: string | null;
} & { [K in (typeof NUMERIC)[number]]: number | null } & {
  /** `unknown`, `usual` or `elevated`. */
  core_body_temperature_status: string | null;
  extra: string | null;
};

/**
 * Flattens a getworkouts body: one row per workout, in API order.
 *
 * @example
 * ```ts
 * // What toRows("workouts", body, options) runs:
 * workoutRows(body, new RowContext("toRows", options));
 * ```
 */
export function workoutRows(body: GetWorkoutsBody, ctx: RowContext): WorkoutRow[] {
  const rows: WorkoutRow[] = [];
  for (const w of body.series) {
    const zone = ctx.zone(w.timezone);
    ctx.stamp(w.enddate, zone);
    const endUtc = ctx.utc;
    const localEndDate = ctx.localDate;
    const localEndTime = ctx.localTime;
    ctx.stamp(w.startdate, zone);
    const model = num(w.model);
    const data: Readonly<Record<string, unknown>> = w.data ?? {};
    const row: Record<string, unknown> & {
      core_body_temperature_status?: string | null;
      extra?: string | null;
    } = {
      id: w.id,
      category: w.category,
      categoryKey: workoutCategories.get(w.category)?.key ?? null,
      attrib: num(w.attrib),
      date: str(w.date),
      timezone: zone.name,
      startdate: ctx.utc,
      enddate: endUtc,
      localStartDate: ctx.localDate,
      localStartTime: ctx.localTime,
      localEndDate,
      localEndTime,
      durationSeconds: duration(w.startdate, w.enddate),
      model,
      modelName: model === null ? null : (deviceModels.get(model)?.name ?? null),
      deviceid: str(w.deviceid),
      modified: ctx.iso(w.modified),
    };
    for (const field of NUMERIC) row[field] = num(data[field]);
    row.core_body_temperature_status = str(data[STATUS]);
    row.extra = extraJson(data, KNOWN);
    rows.push(row as WorkoutRow);
  }
  return rows;
}
