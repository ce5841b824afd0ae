import { endpoints } from "../../endpoints.js";
import type { GetIntradayBody } from "../../types/activity.js";
import { extraJson, num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

const FIELDS = endpoints["measure.getintradayactivity"].dataFields;

const KNOWN = new Set<string>([...FIELDS, "deviceid", "model", "model_id"]);

/**
 * One intraday sample: the `"intraday"` dataset of `toRows`. The API keys samples by
 * epoch-second strings; rows come out sorted by that time. Intraday answers carry no zone,
 * so local columns use the `timezone` option. Absent fields are `null`; unknown ones go to
 * `extra` as JSON.
 *
 * @example
 * ```ts
 * toRows("intraday", { series: { "1704412800": { steps: 120, duration: 60 } } })[0];
 * // { time: "2024-01-05T00:00:00Z", localDate: "2024-01-05", localTime: "00:00:00",
 * //   offsetMinutes: 0, timezone: "UTC", deviceid: null, model: null, model_id: null,
 * //   steps: 120, ..., duration: 60, ..., extra: null }
 * ```
 */
export type IntradayRow = {
  /** The sample's key as ISO UTC. */
  time: string | null;
  localDate: string | null;
  localTime: string | null;
  offsetMinutes: number | null;
  timezone: string;
  deviceid: string | null;
  model: string | null;
  model_id: number | null;
} & { [K in (typeof FIELDS)[number]]: number | null } & { extra: string | null };

/**
 * Flattens a getintradayactivity body: one row per sample, oldest first.
 *
 * @example
 * ```ts
 * // What toRows("intraday", body, options) runs:
 * intradayRows(body, new RowContext("toRows", options));
 * ```
 */
export function intradayRows(body: GetIntradayBody, ctx: RowContext): IntradayRow[] {
  const zone = ctx.fallback;
  const keys = Object.keys(body.series)
    .map((key) => ({ key, at: Number(key) }))
    // Non-numeric keys (never seen) sort last rather than being dropped.
    .sort((a, b) => sortable(a.at) - sortable(b.at));
  const rows: IntradayRow[] = [];
  for (const { key, at } of keys) {
    const sample = body.series[key];
    if (sample === undefined || sample === null) continue;
    const record = sample as unknown as Readonly<Record<string, unknown>>;
    ctx.stamp(at, zone);
    const row: Record<string, unknown> & { extra?: string | null } = {
      time: ctx.utc,
      localDate: ctx.localDate,
      localTime: ctx.localTime,
      offsetMinutes: ctx.offsetMinutes,
      timezone: zone.name,
      deviceid: str(sample.deviceid),
      model: str(sample.model),
      model_id: num(sample.model_id),
    };
    for (const field of FIELDS) row[field] = num(record[field]);
    row.extra = extraJson(sample, KNOWN);
    rows.push(row as IntradayRow);
  }
  return rows;
}

function sortable(at: number): number {
  return Number.isFinite(at) ? at : Number.MAX_VALUE;
}
