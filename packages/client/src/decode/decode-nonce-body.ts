import type { ErrorContext } from "../errors/withings-error.js";
import type { NonceBody } from "../types/oauth.js";
import { DecodePath } from "./decode-path.js";
import { asObject, reqText } from "./read.js";

/**
 * Checks and decodes the body of `signature.getnonce`.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * decodeNonceBody({ nonce: "9f86d081884c7d659a2feaa0c55ad015" }).nonce;
 * ```
 */
export function decodeNonceBody(body: unknown, context?: ErrorContext): NonceBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  reqText(b, "nonce", at, undefined);
  return b as unknown as NonceBody;
}
