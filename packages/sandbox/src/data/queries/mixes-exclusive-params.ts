import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import type { ListActionKey } from "../../cloud/list-action-key.js";
import type { QueryParams } from "./query-params.js";

/**
 * True when a request sends parameters from two groups the sandbox's table marks as
 * exclusive, e.g. `lastupdate` together with `startdate`/`enddate`. The real cloud answers
 * such a request with an empty result, not an error (quirk Q5), and so does the sandbox.
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("lastupdate=1&startdate=2&enddate=3"));
 * mixesExclusiveParams("measure.getmeas", q); // true
 * ```
 */
export function mixesExclusiveParams(key: ListActionKey, q: QueryParams): boolean {
  const spec: CloudAction = CLOUD_ACTIONS[key];
  if (spec.exclusive === undefined) return false;
  let groups = 0;
  for (const group of spec.exclusive) if (group.some((name) => q.has(name))) groups++;
  return groups > 1;
}
