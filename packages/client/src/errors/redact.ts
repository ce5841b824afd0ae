const SECRET_FIELDS =
  /\b(access_token|refresh_token|client_secret|signature|nonce|code|signal_token)=([^&\s"']+)/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;
// The same fields inside JSON text (a token answer quoted in an error), including one cut
// short before its closing quote.
const SECRET_JSON_FIELDS =
  /"(access_token|refresh_token|client_secret|signature|nonce|code|signal_token)"(\s*:\s*)"[^"]*("?)/gi;

/**
 * Removes secrets from text bound for an error, a log line or the terminal: every known
 * secret value given, `Bearer …` credentials, and secret fields, form-encoded
 * (`refresh_token=…`) or in JSON (`"refresh_token":"…"`, even cut short).
 *
 * @example
 * ```ts
 * redact("refresh failed for refresh_token=abc", ["abc"]); // "refresh failed for refresh_token=[redacted]"
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values (ids, small numbers) would blank out innocent text.
    if (secret && secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  return out
    .replace(SECRET_FIELDS, "$1=[redacted]")
    .replace(SECRET_JSON_FIELDS, '"$1"$2"[redacted]$3')
    .replace(BEARER, "Bearer [redacted]");
}
