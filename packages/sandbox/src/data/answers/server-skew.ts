import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import type { ResolvedCloudBehaviour, SkewedService } from "../../types/cloud-behaviour.js";
import type { DataEndpointKey } from "./data-endpoint-key.js";

/**
 * The clock skew of the server that answers `key`: the `serverSkewSeconds` of its service
 * (0 when the behaviour sets none).
 *
 * @example
 * ```ts
 * const skew = serverSkew(store.cloud, "measure.getmeas");
 * const since = lastupdate - skew; // back on the sandbox's clock
 * ```
 */
export function serverSkew(cloud: ResolvedCloudBehaviour, key: DataEndpointKey): number {
  const service = CLOUD_ACTIONS[key].service as SkewedService;
  return cloud.serverSkewSeconds[service] ?? 0;
}
