import type { EndpointKey, endpoints } from "../endpoints.js";

/**
 * The decoded body of every action, keyed like `endpoints`: what the row's `decode` returns.
 * Derived from the table, so there is no second list to keep in step.
 *
 * @example
 * ```ts
 * type Meas = EndpointResults["measure.getmeas"]; // GetMeasBody
 * ```
 */
export type EndpointResults = {
  [K in EndpointKey]: ReturnType<(typeof endpoints)[K]["decode"]>;
};
