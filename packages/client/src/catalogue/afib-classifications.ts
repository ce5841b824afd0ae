import { frozenMap } from "./_frozen-map.js";

/**
 * A classification value of measure type 130 (atrial fibrillation from ECG) or of a heart
 * list's `ecg.afib` (reference §2.6).
 *
 * @example
 * ```ts
 * const c: AfibClassificationInfo | undefined = afibClassifications.get(1); // positive
 * ```
 */
export interface AfibClassificationInfo {
  readonly code: number;
  readonly key: string;
  readonly name: string;
}

/**
 * AFib classes, keyed by value. `ecg.afib` in heart list uses only 0, 1 and 2; type 130
 * uses the whole table (a Body Scan group carried 8). Read-only.
 *
 * @example
 * ```ts
 * afibClassifications.get(2)?.name; // "Inconclusive"
 * ```
 */
export const afibClassifications: ReadonlyMap<number, AfibClassificationInfo> = frozenMap(
  (
    [
      [0, "negative", "Negative"],
      [1, "positive", "Positive"],
      [2, "inconclusive", "Inconclusive"],
      [3, "noSignal", "No signal"],
      [4, "other", "Other"],
      [5, "noise", "Noise"],
      [6, "lowHeartRate", "Low heart rate"],
      [7, "highHeartRate", "High heart rate"],
      [8, "inconclusiveUs", "Inconclusive (US)"],
      [9, "negativeNormalHeartRate", "Negative, normal heart rate"],
      [10, "negativeHighHeartRate", "Negative, high heart rate"],
      [11, "positiveNormalHeartRate", "Positive, normal heart rate"],
      [12, "positiveHighHeartRate", "Positive, high heart rate"],
      [13, "noDiagnosis", "No diagnosis"],
    ] as const
  ).map(([code, key, name]) => [code, { code, key, name }] as const),
);
