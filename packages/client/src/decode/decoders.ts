import type { EndpointKey } from "../endpoints.js";
import { endpoints } from "../endpoints.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { EndpointResults } from "../types/endpoint-results.js";

/**
 * The body decoder of every action, keyed like `endpoints`, typed with each action's
 * result: for decoding recorded wire text without a client (tests, benchmarks). A view of
 * each row's `decode`, which the transport runs, not a second table.
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
