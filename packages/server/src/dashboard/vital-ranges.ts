/**
 * The range a vital should stay in for a study: a reading is flagged when it is below
 * `below` or at or above `atOrAbove`.
 *
 * @example
 * ```ts
 * const range: VitalRange = { atOrAbove: 140 };
 * ```
 */
export interface VitalRange {
  readonly below?: number;
  readonly atOrAbove?: number;
}

/**
 * The vitals the study view follows, keyed by the name its ranges use.
 *
 * @example
 * ```ts
 * const key: VitalKey = "systolic";
 * ```
 */
export type VitalKey =
  | "systolic"
  | "diastolic"
  | "pulse"
  | "spo2"
  | "bodyTemperature"
  | "skinTemperature"
  | "weight"
  | "breathingDisturbances";

/**
 * The ranges used when a study gives none. Breathing disturbances come from the API
 * reference's glossary (below 30 is "low"; 30 to 60 "medium", 60 and more "high"). The
 * reference gives no range for the other vitals: theirs are common screening thresholds
 * (blood pressure 140/90 mmHg, pulse 50–100 bpm, SpO2 95 %, fever 38 °C), to be replaced
 * by the protocol's own through `dashboardRouter`'s `ranges`. Weight and skin temperature
 * have none.
 *
 * @example
 * ```ts
 * DEFAULT_VITAL_RANGES.breathingDisturbances; // { atOrAbove: 30 }
 * ```
 */
export const DEFAULT_VITAL_RANGES: Readonly<Partial<Record<VitalKey, VitalRange>>> = Object.freeze({
  systolic: { below: 90, atOrAbove: 140 },
  diastolic: { below: 60, atOrAbove: 90 },
  pulse: { below: 50, atOrAbove: 100 },
  spo2: { below: 95 },
  bodyTemperature: { below: 35, atOrAbove: 38 },
  breathingDisturbances: { atOrAbove: 30 },
});

/**
 * Whether a value falls outside a range (never, without one).
 *
 * @example
 * ```ts
 * isOutOfRange(142, { atOrAbove: 140 }); // true
 * ```
 */
export function isOutOfRange(value: number, range: VitalRange | undefined): boolean {
  if (range === undefined) return false;
  return (
    (range.below !== undefined && value < range.below) ||
    (range.atOrAbove !== undefined && value >= range.atOrAbove)
  );
}
