import type { ErrorContext } from "../errors/withings-error.js";
import type { Subscription } from "../types/notify.js";
import { DecodePath } from "./decode-path.js";
import { decodeSubscriptionValue } from "./decode-subscription-value.js";

/**
 * Checks and decodes the body of `notify.get`: one subscription.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * decodeSubscription({ appli: 16, callbackurl: "https://example.com/cb", comment: null }).appli; // 16
 * ```
 */
export function decodeSubscription(body: unknown, context?: ErrorContext): Subscription {
  return decodeSubscriptionValue(body, DecodePath.root(context)) as Subscription;
}
