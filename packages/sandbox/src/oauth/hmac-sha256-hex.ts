const encoder = new TextEncoder();

/**
 * HMAC-SHA256 of `message` keyed with `secret`, as lowercase hex (reference §6: the
 * signature of getnonce and of signed calls). The sandbox computes it itself with Web
 * Crypto rather than with the client's signer, so that a bug there cannot hide here.
 *
 * @example
 * ```ts
 * await hmacSha256Hex("sandbox-secret", "getnonce,withings-kit-sandbox,1767225600");
 * // 64 lowercase hex digits
 * ```
 */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  let hex = "";
  for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
