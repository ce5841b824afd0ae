/**
 * Random lowercase hex from Web Crypto, for tokens, codes and nonces (40 characters by default,
 * the length of the real ones).
 *
 * @example
 * ```ts
 * randomHex(); // "3f1c…" (40 characters)
 * ```
 */
export function randomHex(length = 40): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)));
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex.slice(0, length);
}
