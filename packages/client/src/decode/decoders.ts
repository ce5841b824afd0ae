import type { EndpointKey } from "../endpoints.js";
import { endpoints } from "../endpoints.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { EndpointResults } from "../types/endpoint-results.js";

/**
 * The body decoder of every action, keyed like `endpoints`: the transport runs
 * `decoders[key](decodeEnvelope(text, context), context)`. A view of each row's `decode`,
 * not a second table: an action cannot exist without its decoder.
 *
 * @example
 * ```ts
 * const body = decoders["measure.getmeas"](decodeEnvelope(text), { action: "measure.getmeas" });
 * body.measuregrps.length;
 * ```
 */
export const decoders: {
  readonly [K in EndpointKey]: (body: unknown, context?: ErrorContext) => EndpointResults[K];
} = Object.freeze(
  Object.fromEntries(
    (Object.keys(endpoints) as EndpointKey[]).map((key) => [key, endpoints[key].decode]),
  ) as { [K in EndpointKey]: (typeof endpoints)[K]["decode"] },
);
