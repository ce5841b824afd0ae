const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * HMAC-SHA256 of `message` keyed with `secret`, as lowercase hex, through Web Crypto.
 *
 * @example
 * ```ts
 * await hmacSha256Hex("secret", "getnonce,my-client,1700000000");
 * ```
 */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    // One key per secret: apps have one secret, so this never grows.
    keys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, encoder.encode(message));
  let hex = "";
  for (const byte of new Uint8Array(mac)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The Withings request signature: the values of the signed fields, sorted by field name,
 * joined with commas, HMAC-SHA256 with the client secret. For `getnonce` the fields are
 * `action`, `client_id`, `timestamp`; for every other signed call `action`, `client_id`,
 * `nonce` (reference §6).
 *
 * @example
 * ```ts
 * await signFields({ action: "revoke", client_id: "id", nonce: "n" }, "secret");
 * ```
 */
export function signFields(
  fields: Readonly<Record<string, string>>,
  secret: string,
): Promise<string> {
  const message = Object.keys(fields)
    .sort()
    .map((name) => fields[name])
    .join(",");
  return hmacSha256Hex(secret, message);
}
