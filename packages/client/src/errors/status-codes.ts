/**
 * What the official status table says a body `status` means. Ranges follow the Withings
 * reference (`response_status`), not any client's partial copy of it.
 *
 * @example
 * ```ts
 * const family: StatusFamily = statusFamily(601); // "rate-limit"
 * ```
 */
export type StatusFamily =
  | "success"
  | "auth"
  | "invalid-params"
  | "unauthorized"
  | "error"
  | "timeout"
  | "bad-state"
  | "not-implemented"
  | "rate-limit"
  | "not-found"
  | "unknown";

type Range = readonly [from: number, to: number, family: StatusFamily];

// Ordered: the first range that contains the status wins, so specific codes sit first.
const RANGES: readonly Range[] = [
  [0, 0, "success"],
  // 286 "no such subscription" and 294 "no subscription could be deleted" are invalid
  // params officially; callers act on them as "not found".
  [286, 286, "not-found"],
  [294, 294, "not-found"],
  [100, 102, "auth"],
  [200, 200, "auth"],
  [201, 213, "invalid-params"],
  [214, 214, "unauthorized"],
  [215, 215, "error"],
  [216, 218, "invalid-params"],
  [219, 219, "error"],
  [220, 221, "invalid-params"],
  [222, 222, "error"],
  [223, 223, "invalid-params"],
  [224, 224, "error"],
  [225, 225, "invalid-params"],
  [226, 226, "error"],
  [227, 230, "invalid-params"],
  [231, 233, "error"],
  [234, 236, "invalid-params"],
  [237, 237, "error"],
  [238, 238, "invalid-params"],
  [240, 252, "invalid-params"],
  [253, 253, "error"],
  [254, 254, "invalid-params"],
  [255, 259, "error"],
  [260, 267, "invalid-params"],
  [268, 270, "error"],
  [271, 272, "invalid-params"],
  [273, 274, "error"],
  [275, 276, "invalid-params"],
  [277, 277, "unauthorized"],
  [278, 282, "error"],
  [283, 288, "invalid-params"],
  [289, 289, "error"],
  [290, 290, "invalid-params"],
  [291, 292, "error"],
  [293, 295, "invalid-params"],
  [296, 296, "error"],
  [297, 297, "invalid-params"],
  [298, 298, "error"],
  [300, 304, "invalid-params"],
  [305, 320, "error"],
  [321, 321, "invalid-params"],
  [322, 322, "error"],
  [323, 353, "invalid-params"],
  [370, 375, "error"],
  [380, 382, "invalid-params"],
  [383, 383, "error"],
  [391, 391, "error"],
  [400, 400, "invalid-params"],
  [401, 401, "auth"],
  [402, 402, "error"],
  [501, 511, "invalid-params"],
  [516, 521, "error"],
  [522, 522, "timeout"],
  [523, 523, "invalid-params"],
  [524, 524, "bad-state"],
  [525, 531, "error"],
  [532, 532, "invalid-params"],
  [533, 533, "error"],
  [601, 601, "rate-limit"],
  [602, 602, "error"],
  [700, 700, "error"],
  [1051, 1054, "error"],
  [2551, 2552, "error"],
  [2553, 2553, "unauthorized"],
  [2554, 2554, "not-implemented"],
  // Officially "unauthorized"; in practice the catch-all "an unknown error occurred".
  [2555, 2555, "error"],
  [2556, 2559, "error"],
  [3000, 3016, "error"],
  [3017, 3019, "invalid-params"],
  [3020, 3024, "error"],
  [5000, 5006, "error"],
  [6000, 6000, "error"],
  [6010, 6011, "error"],
  [9000, 9000, "error"],
  [10000, 10000, "error"],
];

/**
 * The family of a body `status`; codes outside the official table are `unknown`, never a
 * crash.
 *
 * @example
 * ```ts
 * statusFamily(601); // "rate-limit"
 * statusFamily(503); // "invalid-params" (a bad code or refresh token, not an outage)
 * ```
 */
export function statusFamily(status: number): StatusFamily {
  for (const [from, to, family] of RANGES) if (status >= from && status <= to) return family;
  return "unknown";
}
