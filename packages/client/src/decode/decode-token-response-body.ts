import type { ErrorContext } from "../errors/withings-error.js";
import type { TokenResponseBody } from "../types/oauth.js";
import { DecodePath } from "./decode-path.js";
import { asObject, type Copy, optId, optInt, optString, reqText } from "./read.js";

/**
 * Checks and decodes the body of `oauth2.requesttoken` (both grants) and
 * `oauth2.getdemoaccess`.
 *
 * `userid` arrives as a number or a string and always decodes as a string (quirk Q21);
 * `expires_in`, `scope` and `userid` can be absent (older and minimal answers) and stay
 * absent. Error texts never contain a token.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const t = decodeTokenResponseBody({ userid: 12345, access_token: "a", refresh_token: "r" });
 * t.userid; // "12345"
 * ```
 */
export function decodeTokenResponseBody(body: unknown, context?: ErrorContext): TokenResponseBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqText(b, "access_token", at, copy);
  copy = reqText(b, "refresh_token", at, copy);
  copy = optId(b, "userid", at, copy);
  copy = optInt(b, "expires_in", at, copy);
  copy = optString(b, "scope", at, copy);
  copy = optString(b, "token_type", at, copy);
  copy = optString(b, "csrf_token", at, copy);
  return (copy ?? b) as unknown as TokenResponseBody;
}
