import type { ErrorContext } from "../errors/withings-error.js";
import type { NotifyListBody } from "../types/notify.js";
import { DecodePath } from "./decode-path.js";
import { decodeSubscriptionValue } from "./decode-subscription-value.js";
import { asObject, reqArray } from "./read.js";

/**
 * Checks and decodes the body of `notify.list`: the user's subscriptions, possibly none.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { profiles } = decodeNotifyListBody(decodeEnvelope(text));
 * profiles.some((p) => p.appli === 1 && p.callbackurl === myUrl);
 * ```
 */
export function decodeNotifyListBody(body: unknown, context?: ErrorContext): NotifyListBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  const copy = reqArray(b, "profiles", at, undefined, decodeSubscriptionValue);
  return (copy ?? b) as unknown as NotifyListBody;
}
