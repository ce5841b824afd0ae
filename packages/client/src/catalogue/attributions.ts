import { frozenMap } from "./_frozen-map.js";

/**
 * What a measure group's `attrib` says about who the group belongs to (reference §2.2).
 *
 * @example
 * ```ts
 * const a: AttributionInfo | undefined = attributions.get(2); // { key: "manual", ... }
 * ```
 */
export interface AttributionInfo {
  readonly code: number;
  /** A stable camelCase identifier. */
  readonly key: string;
  readonly description: string;
  /** True for 1 and 4: not to be shown as the user's own value without confirmation (Q20). */
  readonly ambiguous: boolean;
  /** False where only a client library or real data vouches for the code. */
  readonly documented: boolean;
}

function entry(
  code: number,
  key: string,
  description: string,
  documented = true,
): readonly [number, AttributionInfo] {
  return [code, { code, key, description, ambiguous: code === 1 || code === 4, documented }];
}

/**
 * Every known `attrib` value of measure groups (and workouts), keyed by code. Read-only.
 *
 * @example
 * ```ts
 * attributions.get(8)?.description; // "Taken by a device for this user (same as 0) ..."
 * attributions.get(99); // undefined: unknown codes are kept as numbers in rows
 * ```
 */
export const attributions: ReadonlyMap<number, AttributionInfo> = frozenMap([
  entry(0, "device", "Taken by a device and known to belong to this user"),
  entry(1, "deviceAmbiguous", "Taken by a device but possibly another user's (ambiguous)"),
  entry(2, "manual", "Entered manually for this user"),
  entry(3, "userPicked", "Picked by the user (undocumented; named by aiowithings)", false),
  entry(4, "accountCreation", "Entered manually at account creation; may be inaccurate"),
  entry(5, "automaticBpm", "Automatic BPM result: several readings, the best one kept"),
  entry(7, "userConfirmed", "Confirmed by the user (a detected activity)"),
  // Seen on the PWV and vascular-age groups that a Body Cardio weigh-in adds (Q10).
  entry(8, "deviceDerived", "Taken by a device for this user (same as 0), e.g. PWV groups"),
  entry(15, "guidedConditions", "Taken under guided conditions (Nerve Health Score)"),
  // aiowithings maps 17 onto 15 ("Support new attribution #279"); Withings documents neither.
  entry(17, "guidedConditions17", "Seen in real data; treated like 15 by aiowithings", false),
]);

/**
 * True when a group's attribution makes it unsafe to present as the user's own value:
 * `1` (the device could not tell which household member stepped on it) and `4` (typed in
 * at account creation). Quirk Q20; aiowithings, python_withings_api and Home Assistant all
 * leave these out of "latest value" views.
 *
 * @example
 * ```ts
 * groups.filter((g) => !isAmbiguousAttrib(g.attrib));
 * ```
 */
export function isAmbiguousAttrib(attrib: number): boolean {
  return attrib === 1 || attrib === 4;
}
