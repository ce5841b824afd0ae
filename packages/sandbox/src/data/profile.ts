/**
 * What a synthetic user owns and measures.
 * - `vitals-study`: BPM Core, Thermo, ScanWatch and a Body Scan scale: blood pressure, pulse,
 *   temperature, SpO2, ECG, sleep, activity, intraday samples, workouts, body composition.
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
