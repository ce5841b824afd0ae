import type { ResolvedCloudBehaviour } from "../../types/cloud-behaviour.js";
import { hashSeed } from "../random/hash-seed.js";

/**
 * How long after its parent's last change a piece of detail reaches the cloud (Q17: the
 * Sleep mat uploads in batches, ECG summaries appear before the signal): a delay in
 * [0, `detailLagSeconds`] drawn from the cloud seed and the parts that name the detail and
 * its parent's version, so it is the same on every call and moves when the parent changes.
 *
 * @example
 * ```ts
 * const visibleAt = entry.modified + detailDelay(cloud, "ecg", signalid, entry.modified);
 * ```
 */
export function detailDelay(
  cloud: ResolvedCloudBehaviour,
  ...parts: readonly (number | string)[]
): number {
  const lag = cloud.detailLagSeconds;
  if (lag === 0) return 0;
  return hashSeed(cloud.seed, "detail-lag", ...parts) % (lag + 1);
}
