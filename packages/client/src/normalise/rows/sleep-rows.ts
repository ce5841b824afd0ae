import { sleepStates } from "../../catalogue/sleep-states.js";
import { endpoints } from "../../endpoints.js";
import type { GetSleepBody, KeyedSeries, SleepSegment } from "../../types/sleep.js";
import { num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

const FIELDS = endpoints["sleep.get"].dataFields;

type Field = (typeof FIELDS)[number];

/**
 * One instant of high-frequency sleep: the `"sleep"` dataset of `toRows`.
 *
 * Layout, chosen so one frame serves both the hypnogram and the vitals: one row per
 * (segment, timestamp), where the timestamps are the union of the keys of the segment's
 * series (`hr`, `rr`, …), each series a column (`null` where it has no sample at that
 * instant), and the segment's `state` and bounds repeated on every row. A segment with no
 * series (requested without `data_fields`) still gives one row, at its `startdate`, with
 * every series `null`, so its state is never lost. Rows come segment by segment, in order of
 * segment start (segments are not always in order), each segment's rows in time order: with
 * one device that is time order, and when two devices recorded the night, each segment's rows
 * stay together. Sleep answers carry no zone, so local columns use the `timezone` option.
 *
 * @example
 * ```ts
 * toRows("sleep", { model: 32, series: [{ startdate: 1704412800, enddate: 1704416400,
 *   state: 1, hr: { "1704412800": 58 } }] })[0];
 * // { time: "2024-01-05T00:00:00Z", ..., state: 1, stateKey: "light",
 * //   segmentStart: "2024-01-05T00:00:00Z", segmentEnd: "2024-01-05T01:00:00Z", ..., hr: 58, rr: null, ... }
 * ```
 */
export type SleepRow = {
  time: string | null;
  localDate: string | null;
  localTime: string | null;
  offsetMinutes: number | null;
  timezone: string;
  /** 0 awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified, 15 out of bed. */
  state: number;
  stateKey: string | null;
  segmentStart: string | null;
  segmentEnd: string | null;
  /** The segment's model name (a string here, Q11). */
  model: string | null;
  model_id: number | null;
  hash_deviceid: string | null;
  /** The body's `model`: device class 16 tracker or 32 sleep monitor. */
  deviceClass: number | null;
} & { [K in Field]: number | null };

interface Pending {
  readonly at: number;
  /** The segment's place in the answer. */
  readonly order: number;
  readonly segment: SleepSegment;
}

/**
 * Flattens a sleep get body: one row per (segment, sample time), segment by segment.
 *
 * @example
 * ```ts
 * // What toRows("sleep", body, options) runs:
 * sleepRows(body, new RowContext("toRows", options));
 * ```
 */
export function sleepRows(body: GetSleepBody, ctx: RowContext): SleepRow[] {
  const zone = ctx.fallback;
  const pending: Pending[] = [];
  let order = 0;
  for (const segment of body.series) {
    order++;
    const times = new Set<number>();
    for (const field of FIELDS) {
      const series = segment[field];
      if (series === undefined || series === null) continue;
      for (const key of Object.keys(series)) {
        // A key that is not an epoch cannot be placed on the timeline (never seen).
        const at = Number(key);
        if (Number.isFinite(at)) times.add(at);
      }
    }
    if (times.size === 0) times.add(segment.startdate);
    for (const at of [...times].sort((a, b) => a - b)) pending.push({ at, order, segment });
  }
  // A store writes a segment (one device's) as one record whose rows come together.
  pending.sort(
    (a, b) => a.segment.startdate - b.segment.startdate || a.order - b.order || a.at - b.at,
  );

  const deviceClass = num(body.model);
  const rows: SleepRow[] = [];
  for (const { at, segment } of pending) {
    ctx.stamp(at, zone);
    const row: Record<string, unknown> = {
      time: ctx.utc,
      localDate: ctx.localDate,
      localTime: ctx.localTime,
      offsetMinutes: ctx.offsetMinutes,
      timezone: zone.name,
      state: segment.state,
      stateKey: sleepStates.get(segment.state)?.key ?? null,
      segmentStart: ctx.iso(segment.startdate),
      segmentEnd: ctx.iso(segment.enddate),
      model: str(segment.model),
      model_id: num(segment.model_id),
      hash_deviceid: str(segment.hash_deviceid),
      deviceClass,
    };
    const key = String(at);
    for (const field of FIELDS) row[field] = sample(segment[field], key);
    rows.push(row as SleepRow);
  }
  return rows;
}

function sample(series: KeyedSeries | undefined, key: string): number | null {
  return series === undefined || series === null ? null : num(series[key]);
}
