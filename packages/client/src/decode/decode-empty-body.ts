import type { ErrorContext } from "../errors/withings-error.js";
import type { EmptyBody } from "../types/notify.js";
import { DecodePath } from "./decode-path.js";
import { asMap } from "./read.js";

/**
 * Checks the body of the actions that answer nothing (`notify.subscribe`, `revoke`,
 * `update`, `oauth2.revoke`): any object, or `[]` (quirk Q12), which reads as `{}`.
 *
 * @throws {WithingsResponseError} `"shape"` at `$.body` for anything else.
 * @example
 * ```ts
 * decodeEmptyBody({}); // {}
 * decodeEmptyBody([]); // {}
 * ```
 */
export function decodeEmptyBody(body: unknown, context?: ErrorContext): EmptyBody {
  return asMap(body, DecodePath.root(context)) as EmptyBody;
}
