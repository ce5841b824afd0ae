import { type ApiAnswer, fail } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import type { RegisteredApp } from "../oauth/app-registry.js";
import { constantTimeEqual } from "../oauth/constant-time-equal.js";
import { hmacSha256Hex } from "../oauth/hmac-sha256-hex.js";
import type { SandboxContext } from "../state/sandbox-context.js";

/**
 * Checks how an app call proves it is the app (reference §6):
 * - `client` (requesttoken): `client_secret`, or `nonce` + `signature` of
 *   `requesttoken,<client_id>,<nonce>`;
 * - `signed`: `nonce` + `signature` of `<action>,<client_id>,<nonce>`;
 * - `timestamp` (getnonce): `timestamp` near the sandbox's now + `signature` of
 *   `getnonce,<client_id>,<timestamp>`.
 *
 * A wrong secret or signature is refused before the nonce is spent, so a client can retry with
 * the right key. Answers the failure, or `undefined` when the app is proven.
 *
 * @example
 * ```ts
 * const failure = await verifyAppCredentials(ctx, app, "client", "requesttoken", params, now);
 * ```
 */
export async function verifyAppCredentials(
  ctx: SandboxContext,
  app: RegisteredApp,
  auth: "client" | "signed" | "timestamp",
  action: string,
  params: URLSearchParams,
  now: number,
): Promise<ApiAnswer | undefined> {
  const signature = (params.get("signature") ?? "").toLowerCase();
  if (auth === "timestamp") {
    const timestamp = params.get("timestamp") ?? "";
    const seconds = Number(timestamp);
    if (
      !/^\d+$/.test(timestamp) ||
      Math.abs(seconds - Math.floor(now / 1000)) > ctx.options.nonceToleranceSeconds
    ) {
      return fail(503, ERROR_TEXTS.invalidTimestamp);
    }
    const expected = await hmacSha256Hex(
      app.clientSecret,
      `${action},${app.clientId},${timestamp}`,
    );
    return constantTimeEqual(expected, signature)
      ? undefined
      : fail(342, ERROR_TEXTS.invalidSignature);
  }
  const secret = params.get("client_secret");
  if (auth === "client" && secret !== null) {
    return constantTimeEqual(secret, app.clientSecret)
      ? undefined
      : fail(503, ERROR_TEXTS.invalidClientSecret);
  }
  const nonce = params.get("nonce");
  if (!nonce || !signature) {
    return fail(
      503,
      auth === "client" ? ERROR_TEXTS.invalidClientSecret : ERROR_TEXTS.invalidSignature,
    );
  }
  const expected = await hmacSha256Hex(app.clientSecret, `${action},${app.clientId},${nonce}`);
  if (!constantTimeEqual(expected, signature)) return fail(342, ERROR_TEXTS.invalidSignature);
  if (!ctx.nonces.consume(app.clientId, nonce, now)) return fail(503, ERROR_TEXTS.invalidNonce);
  return undefined;
}
