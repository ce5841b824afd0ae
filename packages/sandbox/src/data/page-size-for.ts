import { type EndpointSpec, endpoints } from "@withings-kit/client";
import type { DataEndpointKey } from "./data-endpoint-key.js";

/**
 * Rows per page for a list action: the override if one is given, else the page size the
 * client's endpoint table records from the live API (getmeas 4096, getactivity 200,
 * getworkouts 300, heart list 200, getsummary 300).
 *
 * @example
 * ```ts
 * pageSizeFor("measure.getmeas"); // 4096
 * pageSizeFor("measure.getmeas", { "measure.getmeas": 10 }); // 10
 * ```
 */
export function pageSizeFor(
  key: DataEndpointKey,
  overrides?: Partial<Record<DataEndpointKey, number>>,
): number {
  const override = overrides?.[key];
  if (override !== undefined) {
    if (!Number.isSafeInteger(override) || override < 1) {
      throw new RangeError(`page size for ${key} must be a positive integer, got ${override}`);
    }
    return override;
  }
  const spec: EndpointSpec = endpoints[key];
  return spec.pagination?.pageSize ?? Number.MAX_SAFE_INTEGER;
}
