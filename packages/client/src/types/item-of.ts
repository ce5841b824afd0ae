import type { ListKey, PaginatedEndpointKey } from "../endpoints.js";
import type { EndpointResults } from "./endpoint-results.js";

/**
 * The item type of a paginated action's list: the element type of the body field named by
 * the row's `pagination.listKey`.
 *
 * @example
 * ```ts
 * const first: ItemOf<"heart.list"> | undefined = (await user.collect("heart.list"))[0];
 * ```
 */
export type ItemOf<K extends PaginatedEndpointKey> = K extends PaginatedEndpointKey
  ? EndpointResults[K] extends { readonly [P in ListKey<K>]: readonly (infer I)[] }
    ? I
    : never
  : never;
