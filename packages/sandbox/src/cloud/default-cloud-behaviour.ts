import type { ResolvedCloudBehaviour, SkewedService, SortOrder } from "../types/cloud-behaviour.js";
import type { CloudPaging } from "./cloud-action.js";
import { CLOUD_ACTIONS } from "./cloud-actions.js";
import { LIST_ACTION_KEYS, type ListActionKey } from "./list-action-key.js";

/**
 * The services whose clocks `serverSkewSeconds` can move.
 *
 * @example
 * ```ts
 * SKEWED_SERVICES.includes("/v2/heart"); // true
 * ```
 */
export const SKEWED_SERVICES: readonly SkewedService[] = Object.freeze([
  "/measure",
  "/v2/measure",
  "/v2/heart",
  "/v2/sleep",
  "/v2/user",
]);

/**
 * The cloud as observed on the live API (reference §1.13), with every lie off: the page
 * sizes and sort orders of the sandbox's table, offsets that count rows, no hidden `more`,
 * no omission, no detail lag, no clock skew, edits that keep `created`, getmeas answering
 * both categories without `category`.
 *
 * @example
 * ```ts
 * defaultCloudBehaviour(42).pageSizes["heart.list"]; // 200
 * ```
 */
export function defaultCloudBehaviour(seed: number): ResolvedCloudBehaviour {
  const pageSizes = {} as Record<ListActionKey, number>;
  const sortOrders = {} as Record<ListActionKey, SortOrder>;
  for (const key of LIST_ACTION_KEYS) {
    const paging: CloudPaging = CLOUD_ACTIONS[key].paging;
    pageSizes[key] = paging.pageSize;
    sortOrders[key] = paging.order;
  }
  const serverSkewSeconds = {} as Record<SkewedService, number>;
  for (const service of SKEWED_SERVICES) serverSkewSeconds[service] = 0;
  return Object.freeze({
    pageSizes: Object.freeze(pageSizes),
    sortOrders: Object.freeze(sortOrders),
    offsets: "count",
    hiddenMore: 0,
    omission: 0,
    detailLagSeconds: 0,
    serverSkewSeconds: Object.freeze(serverSkewSeconds),
    editsRewriteCreated: false,
    getmeasCategory: "both",
    seed,
  });
}
