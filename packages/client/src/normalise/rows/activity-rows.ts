import { deviceModels } from "../../catalogue/device-models.js";
import { endpoints } from "../../endpoints.js";
import type { GetActivityBody } from "../../types/activity.js";
import { extraJson, num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/** Metric columns of an activity day, in column order. */
const METRICS = endpoints["measure.getactivity"].dataFields;

const KNOWN = new Set<string>([
  ...METRICS,
  "date",
  "timezone",
  "deviceid",
  "hash_deviceid",
  "brand",
  "is_tracker",
  "modified",
  "model",
  "modelid",
]);

/**
 * One day of activity from one source: the `"activity"` dataset of `toRows`. Fields the API
 * names keep its spelling; metrics that are absent are `null`. `date` is the API's local day
 * in `timezone` and is kept as given, not recomputed. Unknown fields go to `extra` as JSON.
 *
 * @example
 * ```ts
 * const [row] = toRows("activity", {
 *   activities: [{ date: "2023-10-20", timezone: "Europe/Amsterdam", brand: 18, modelid: 1055, steps: 1209 }],
 * });
 * // { date: "2023-10-20", timezone: "Europe/Amsterdam", deviceid: null, hash_deviceid: null, brand: 18,
 * //   is_tracker: null, model: null, modelid: 1055, modelName: "GoogleFit tracker", modified: null,
 * //   steps: 1209, distance: null, ..., hr_zone_3: null, extra: null }
 * ```
 */
export type ActivityRow = {
  date: string;
  timezone: string;
  deviceid: string | null;
  hash_deviceid: string | null;
  /** 1 Withings, 18 external source. */
  brand: number | null;
  is_tracker: boolean | null;
  model: string | null;
  modelid: number | null;
  /** The catalogue name of `modelid`, or `null`. */
  modelName: string | null;
  modified: string | null;
} & { [K in (typeof METRICS)[number]]: number | null } & { extra: string | null };

/**
 * Flattens a getactivity body: one row per activity object, in API order.
 *
 * @example
 * ```ts
 * // What toRows("activity", body, options) runs:
 * activityRows(body, new RowContext("toRows", options));
 * ```
 */
export function activityRows(body: GetActivityBody, ctx: RowContext): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (const a of body.activities) {
    const record = a as unknown as Readonly<Record<string, unknown>>;
    const modelid = num(a.modelid);
    const row: Record<string, unknown> & { extra?: string | null } = {
      date: a.date,
      timezone: a.timezone ?? ctx.fallback.name,
      deviceid: str(a.deviceid),
      hash_deviceid: str(a.hash_deviceid),
      brand: num(a.brand),
      is_tracker: typeof a.is_tracker === "boolean" ? a.is_tracker : null,
      model: str(a.model),
      modelid,
      modelName: modelid === null ? null : (deviceModels.get(modelid)?.name ?? null),
      modified: ctx.iso(a.modified),
    };
    for (const metric of METRICS) row[metric] = num(record[metric]);
    row.extra = extraJson(a, KNOWN);
    rows.push(row as ActivityRow);
  }
  return rows;
}
