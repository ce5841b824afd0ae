import type { Scope } from "../endpoints.js";
import type { TokenResponseBody } from "../types/oauth.js";

/**
 * A user's tokens as the client keeps them. `expiresAt` is absolute, so a stored set stays
 * meaningful after a restart.
 *
 * @example
 * ```ts
 * const t: TokenSet = {
 *   userId: "12345", accessToken: "…", refreshToken: "…",
 *   expiresAt: Date.now() + 3 * 3600_000, scope: ["user.metrics"], tokenType: "Bearer",
 * };
 * ```
 */
export interface TokenSet {
  /** The Withings `userid`, always as a string. */
  readonly userId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires, in milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly scope: readonly Scope[];
  readonly tokenType: string;
}

/**
 * Access tokens live 3 h when the answer does not say (reference §5).
 *
 * @example
 * ```ts
 * const expiresAt = now + (body.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000;
 * ```
 */
export const DEFAULT_EXPIRES_IN_SECONDS = 10_800;

/**
 * Builds a {@link TokenSet} from a requesttoken answer received at `now` (ms).
 *
 * @example
 * ```ts
 * tokenSetFromResponse({ userid: "1", access_token: "a", refresh_token: "r", expires_in: 10800 }, Date.now());
 * ```
 */
export function tokenSetFromResponse(
  body: TokenResponseBody,
  now: number,
  fallbackUserId?: string,
): TokenSet {
  const userId = body.userid ?? fallbackUserId;
  if (userId === undefined) throw new TypeError("token answer has no userid");
  return {
    userId,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: now + (body.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000,
    scope: parseScope(body.scope),
    tokenType: body.token_type ?? "Bearer",
  };
}

/**
 * Splits a comma- (or space-) separated scope string, keeping only known scopes and mapping
 * the `users.activity` spelling some pages use to `user.activity`.
 *
 * @example
 * ```ts
 * parseScope("user.info,users.activity"); // ["user.info", "user.activity"]
 * ```
 */
export function parseScope(scope: string | undefined): Scope[] {
  if (!scope) return [];
  const out: Scope[] = [];
  for (const raw of scope.split(/[\s,]+/)) {
    const s = raw === "users.activity" ? "user.activity" : raw;
    if (
      (s === "user.info" ||
        s === "user.metrics" ||
        s === "user.activity" ||
        s === "user.sleepevents") &&
      !out.includes(s)
    ) {
      out.push(s);
    }
  }
  return out;
}
