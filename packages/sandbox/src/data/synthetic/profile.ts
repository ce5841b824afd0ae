/**
 * What a synthetic user owns and measures.
 * - `vitals-study`: BPM Core, Thermo, ScanWatch and a Body Scan scale: blood pressure, pulse,
 *   temperature, SpO2, ECG, sleep, activity, intraday samples, workouts, body composition.
 *   The data is as untidy as real data: intraday samples follow the watch's wear (heart
 *   rate on days in bed and on nights worn beside the phone's step count), the phone's
 *   count (Google Fit or iOS) sits beside the watch's record on some dates, afternoon naps
 *   get their own sleep summaries, and some vacations are trips to another time zone where
 *   the watch's and phone's records carry that zone.
 * - `scale-only`: a Body Scan scale (with weight objectives) and nothing else.
 * - `empty`: an account with no device, no data and no goals.
 *
 * @example
 * ```ts
 * const profile: Profile = "vitals-study";
 * ```
 */
export type Profile = "vitals-study" | "scale-only" | "empty";

/**
 * Every {@link Profile}, for validating control-API input.
 *
 * @example
 * ```ts
 * PROFILES.includes("scale-only"); // true
 * ```
 */
export const PROFILES: readonly Profile[] = Object.freeze(["vitals-study", "scale-only", "empty"]);
