import { deviceModels } from "../../catalogue/device-models.js";
import type { DataField } from "../../endpoints.js";
import { endpoints } from "../../endpoints.js";
import type { GetSleepSummaryBody } from "../../types/sleep.js";
import { cell, duration, extraJson, num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * Numeric `data` fields of a sleep summary, in column order (reference §1.10). Durations
 * are seconds and `sleep_efficiency` is a ratio (0.86), as the API sends them. There is no
 * `rmssd`/`sdnn_1` here: summaries carry `rmssd_start_avg`/`rmssd_end_avg` (Q11).
 */
// Every summary field but the two that are not numbers.
const NUMERIC = endpoints["sleep.getsummary"].dataFields.filter(
  (
    f,
  ): f is Exclude<DataField<"sleep.getsummary">, "night_events" | "core_body_temperature_status"> =>
    f !== "night_events" && f !== "core_body_temperature_status",
);

const STATUS = "core_body_temperature_status";
const NIGHT_EVENTS = "night_events";
const KNOWN = new Set<string>([...NUMERIC, STATUS, NIGHT_EVENTS]);

/**
 * One night or nap: the `"sleep_summaries"` dataset of `toRows`. `date` is the API's local
 * day, the day the night ends on (Q14); naps give several rows per date. Local start and end
 * are in the summary's own `timezone`. Fields not requested or not supported are `null`
 * (Q13). `night_events` (event type → offsets from `startdate`) is JSON text; unknown
 * fields go to `extra` as JSON.
 *
 * @example
 * ```ts
 * const s: SleepSummaryRow | undefined = toRows("sleep_summaries", body)[0];
 * // { id: 1, date: "2024-01-05", timezone: "Europe/Berlin", startdate: "2024-01-05T00:00:00Z",
 * //   ..., total_sleep_time: 27000, sleep_efficiency: 0.93, night_events: '{"1":[120,300]}' }
 * ```
 */
export type SleepSummaryRow = {
  id: number;
  date: string | null;
  timezone: string;
  startdate: string | null;
  enddate: string | null;
  localStartDate: string | null;
  localStartTime: string | null;
  localEndDate: string | null;
  localEndTime: string | null;
  durationSeconds: number | null;
  /** The device class, 16 tracker or 32 sleep monitor (not a model id, Q11). */
  model: number | null;
  model_id: number | null;
  modelName: string | null;
  hash_deviceid: string | null;
  completed: boolean | null;
  created: string | null;
  modified: string | null;
} & { [K in (typeof NUMERIC)[number]]: number | null } & {
  core_body_temperature_status: string | null;
  night_events: string | null;
  extra: string | null;
};

/**
 * Flattens a getsummary body: one row per summary, in API order.
 *
 * @example
 * ```ts
 * // What toRows("sleep_summaries", body, options) runs:
 * sleepSummaryRows(body, new RowContext("toRows", options));
 * ```
 */
export function sleepSummaryRows(body: GetSleepSummaryBody, ctx: RowContext): SleepSummaryRow[] {
  const rows: SleepSummaryRow[] = [];
  for (const s of body.series) {
    const zone = ctx.zone(s.timezone);
    ctx.stamp(s.enddate, zone);
    const endUtc = ctx.utc;
    const localEndDate = ctx.localDate;
    const localEndTime = ctx.localTime;
    ctx.stamp(s.startdate, zone);
    const modelId = num(s.model_id);
    const data: Readonly<Record<string, unknown>> = s.data ?? {};
    const row: Record<string, unknown> & {
      core_body_temperature_status?: string | null;
      night_events?: string | null;
      extra?: string | null;
    } = {
      id: s.id,
      date: str(s.date),
      timezone: zone.name,
      startdate: ctx.utc,
      enddate: endUtc,
      localStartDate: ctx.localDate,
      localStartTime: ctx.localTime,
      localEndDate,
      localEndTime,
      durationSeconds: duration(s.startdate, s.enddate),
      model: num(s.model),
      model_id: modelId,
      modelName: modelId === null ? null : (deviceModels.get(modelId)?.name ?? null),
      hash_deviceid: str(s.hash_deviceid),
      completed: typeof s.completed === "boolean" ? s.completed : null,
      created: ctx.iso(s.created),
      modified: ctx.iso(s.modified),
    };
    for (const field of NUMERIC) row[field] = num(data[field]);
    row.core_body_temperature_status = str(data[STATUS]);
    const events = cell(data[NIGHT_EVENTS]);
    row.night_events = events === null ? null : String(events);
    row.extra = extraJson(data, KNOWN);
    rows.push(row as SleepSummaryRow);
  }
  return rows;
}
