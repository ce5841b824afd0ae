import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares a presented secret with the expected one in time that does not depend on where
 * they differ (both are hashed first, so their lengths leak nothing either).
 *
 * @example
 * ```ts
 * sameSecret(c.req.param("token"), options.token); // true only for the right token
 * ```
 */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
