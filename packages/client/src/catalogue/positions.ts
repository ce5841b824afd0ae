import { frozenMap } from "./_frozen-map.js";

/**
 * A body position of a segmental measure (`measures[].position`) or of an ECG
 * (`wearposition`), reference §2.4.
 *
 * @example
 * ```ts
 * const p: PositionInfo | undefined = positions.get(7); // { key: "wholeBody", ... }
 * ```
 */
export interface PositionInfo {
  readonly code: number;
  readonly key: string;
  readonly name: string;
  /** False for 7, which the spec lacks but real Body Scan data carries. */
  readonly documented: boolean;
}

const NAMES: readonly (readonly [number, string, string])[] = [
  [0, "rightWrist", "Right wrist"],
  [1, "leftWrist", "Left wrist"],
  [2, "rightArm", "Right arm"],
  [3, "leftArm", "Left arm"],
  [4, "rightFoot", "Right foot"],
  [5, "leftFoot", "Left foot"],
  [6, "betweenLegs", "Between legs"],
  // Not in the spec, but a Body Scan weigh-in returns its whole-body types (5, 8, 76, 77,
  // 88, 168–170) with position 7; aiowithings calls it WHOLE_BODY.
  [7, "wholeBody", "Whole body"],
  [8, "leftPartOfBody", "Left part of body"],
  [9, "rightPartOfBody", "Right part of body"],
  [10, "leftLeg", "Left leg"],
  [11, "rightLeg", "Right leg"],
  [12, "torso", "Torso"],
  [13, "leftHand", "Left hand"],
  [14, "rightHand", "Right hand"],
  [15, "aorticArea", "Cardiovascular aortic area"],
  [16, "pulmonicArea", "Cardiovascular pulmonic area"],
  [17, "tricuspidArea", "Cardiovascular tricuspid area"],
  [18, "mitralArea", "Cardiovascular mitral area"],
  [19, "apexArea", "Cardiovascular apex area"],
  [20, "pulmonaryFrontUpperRight", "Pulmonary front, upper right"],
  [21, "pulmonaryFrontUpperLeft", "Pulmonary front, upper left"],
  [22, "pulmonaryFrontBottomRight", "Pulmonary front, bottom right"],
  [23, "pulmonaryFrontBottomLeft", "Pulmonary front, bottom left"],
  [24, "pulmonaryBackUpperLeft", "Pulmonary back, upper left"],
  [25, "pulmonaryBackUpperRight", "Pulmonary back, upper right"],
  [26, "pulmonaryBackBottomLeft", "Pulmonary back, bottom left"],
  [27, "pulmonaryBackBottomRight", "Pulmonary back, bottom right"],
  [28, "wideMode", "Wide mode"],
  [29, "betweenArms", "Between arms"],
  [30, "holdRight", "Hold right"],
  [31, "holdLeft", "Hold left"],
];

/**
 * Every known body position code, keyed by code. Read-only.
 *
 * @example
 * ```ts
 * positions.get(12)?.name; // "Torso"
 * ```
 */
export const positions: ReadonlyMap<number, PositionInfo> = frozenMap(
  NAMES.map(([code, key, name]) => [code, { code, key, name, documented: code !== 7 }] as const),
);
