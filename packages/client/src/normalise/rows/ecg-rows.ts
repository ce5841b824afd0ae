import { afibClassifications } from "../../catalogue/afib-classifications.js";
import { deviceModels } from "../../catalogue/device-models.js";
import type { HeartListBody, HeartRecording } from "../../types/heart.js";
import { num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * One ECG recording of heart list: the `"ecg"` dataset of `toRows`. The nested `ecg` and
 * `bloodpressure` objects become columns; blood pressure is `null` except on BPM Core.
 * `model` is a model id here. Fetch the signal itself with heart get (`"ecg_signal"`) and
 * join on `signalid`.
 *
 * @example
 * ```ts
 * const r: EcgRow | undefined = toRows("ecg", body)[0];
 * // { signalid: 991, afib: 1, afibKey: "positive", timestamp: "2024-01-05T00:00:00Z", ...,
 * //   heart_rate: 64, systole: 121, diastole: 78, model: 44, modelName: "BPM Core", ... }
 * ```
 */
export type EcgRow = {
  /** `null` on recordings without `ecg` (seen only in synthetic paging fixtures). */
  signalid: number | null;
  /** 0 negative, 1 positive, 2 inconclusive. */
  afib: number | null;
  afibKey: string | null;
  /** When it was recorded, ISO UTC. */
  timestamp: string | null;
  localDate: string | null;
  localTime: string | null;
  offsetMinutes: number | null;
  timezone: string;
  heart_rate: number | null;
  systole: number | null;
  diastole: number | null;
  model: number | null;
  modelName: string | null;
  deviceid: string | null;
  modified: string | null;
};

/**
 * Flattens a heart list body: one row per recording, in API order.
 *
 * @example
 * ```ts
 * // What toRows("ecg", body, options) runs:
 * ecgRows(body, new RowContext("toRows", options));
 * ```
 */
export function ecgRows(body: HeartListBody, ctx: RowContext): EcgRow[] {
  const rows: EcgRow[] = [];
  for (const r of body.series) {
    const zone = ctx.zone(r.timezone);
    ctx.stamp(r.timestamp, zone);
    // The type says `ecg` is always there; the decoder tolerates its absence.
    const ecg: HeartRecording["ecg"] | undefined = r.ecg;
    const afib = num(ecg?.afib);
    const model = num(r.model);
    rows.push({
      signalid: num(ecg?.signalid),
      afib,
      afibKey: afib === null ? null : (afibClassifications.get(afib)?.key ?? null),
      timestamp: ctx.utc,
      localDate: ctx.localDate,
      localTime: ctx.localTime,
      offsetMinutes: ctx.offsetMinutes,
      timezone: zone.name,
      heart_rate: num(r.heart_rate),
      systole: num(r.bloodpressure?.systole),
      diastole: num(r.bloodpressure?.diastole),
      model,
      modelName: model === null ? null : (deviceModels.get(model)?.name ?? null),
      deviceid: str(r.deviceid),
      modified: ctx.iso(r.modified),
    });
  }
  return rows;
}
