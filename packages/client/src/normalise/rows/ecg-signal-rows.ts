import type { HeartSignalBody } from "../../types/heart.js";
import { num } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * One sample of an ECG signal (heart get): the `"ecg_signal"` dataset of `toRows`. The body
 * has no `signalid` and no start time, so rows carry the sample's position (`index`) and its
 * offset from the start in seconds (`index ÷ sampling_frequency`); add the `signalid` and the
 * recording's `timestamp` from heart list when joining. The recording's constants repeat on
 * every row so each row stands alone in a CSV.
 *
 * @example
 * ```ts
 * toRows("ecg_signal", { signal: [-12, 4, 37], sampling_frequency: 300, wearposition: 1 })[1];
 * // { index: 1, offsetSeconds: 0.0033333333333333335, microvolts: 4, sampling_frequency: 300,
 * //   wearposition: 1, heart_rate: null, model: null }
 * ```
 */
export type EcgSignalRow = {
  index: number;
  /** Seconds since the first sample; `null` without a sampling frequency. */
  offsetSeconds: number | null;
  /** The sample, in µV. */
  microvolts: number;
  /** Hz: 500 on BPM Core, 300 on Move ECG and ScanWatch. */
  sampling_frequency: number | null;
  /** Where the device was worn (see `positions`). */
  wearposition: number | null;
  /** The average heart rate: an int on older answers, an object's `value` on newer ones. */
  heart_rate: number | null;
  model: number | null;
};

/**
 * Flattens a heart get body: one row per sample, in signal order.
 *
 * @example
 * ```ts
 * // What toRows("ecg_signal", body, options) runs:
 * ecgSignalRows(body, new RowContext("toRows", options));
 * ```
 */
export function ecgSignalRows(body: HeartSignalBody, _ctx: RowContext): EcgSignalRow[] {
  const frequency = num(body.sampling_frequency);
  const hz = frequency !== null && frequency > 0 ? frequency : null;
  const wearposition = num(body.wearposition);
  const hr = body.heart_rate;
  const heartRate = typeof hr === "object" && hr !== null ? num(hr.value) : num(hr);
  const model = num(body.model);
  const signal = body.signal;
  const rows: EcgSignalRow[] = new Array(signal.length);
  for (let index = 0; index < signal.length; index++) {
    rows[index] = {
      index,
      offsetSeconds: hz === null ? null : index / hz,
      microvolts: signal[index] as number,
      sampling_frequency: hz,
      wearposition,
      heart_rate: heartRate,
      model,
    };
  }
  return rows;
}
