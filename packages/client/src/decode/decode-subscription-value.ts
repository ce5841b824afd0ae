import type { DecodePath } from "./decode-path.js";
import { asObject, type Copy, expected, nullString, reqInt, reqString } from "./read.js";

/**
 * Decodes one notification subscription found at `at` (an item of `notify.list`'s
 * `profiles`, or the whole body of `notify.get`).
 *
 * `expires` is legacy and kept as sent: `2147483647` (never), a date text, or `null`.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * copy = reqArray(body, "profiles", at, copy, decodeSubscriptionValue);
 * ```
 */
export function decodeSubscriptionValue(value: unknown, at: DecodePath): unknown {
  const s = asObject(value, at);
  let copy: Copy;
  copy = reqInt(s, "appli", at, copy);
  copy = reqString(s, "callbackurl", at, copy);
  copy = nullString(s, "comment", at, copy);
  const expires = s["expires"];
  if (
    expires !== undefined &&
    expires !== null &&
    typeof expires !== "string" &&
    !(typeof expires === "number" && Number.isFinite(expires))
  ) {
    throw at.error("expires", expected("a number, a string or null", expires));
  }
  return copy ?? s;
}
