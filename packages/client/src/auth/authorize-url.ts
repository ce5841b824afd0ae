import type { Scope } from "../endpoints.js";
import { WithingsAuthError } from "../errors/withings-api-error.js";
import { WithingsStateError } from "../errors/withings-state-error.js";

/**
 * The scopes asked for when none are given: data and devices, not bed events.
 *
 * @example
 * ```ts
 * client.authorizeUrl({ scope: [...DEFAULT_SCOPES, "user.sleepevents"] });
 * ```
 */
export const DEFAULT_SCOPES: readonly Scope[] = Object.freeze([
  "user.info",
  "user.metrics",
  "user.activity",
]);

/**
 * What {@link buildAuthorizeUrl} needs.
 *
 * @example
 * ```ts
 * const options: AuthorizeUrlOptions = {
 *   accountUrl: "https://account.withings.com", clientId: "id", redirectUri: "https://app.example/cb",
 *   scope: ["user.metrics"],
 * };
 * ```
 */
export interface AuthorizeUrlOptions {
  /** The accounts host, e.g. `https://account.withings.com`. */
  readonly accountUrl: string;
  readonly clientId: string;
  /** Must be one of the app's registered callback URLs. */
  readonly redirectUri: string;
  /** @default ["user.info", "user.metrics", "user.activity"] */
  readonly scope?: readonly Scope[];
  /** An opaque value to check on the redirect; generated when absent. */
  readonly state?: string;
  /** Sign in to the Withings demo user (`mode=demo`). @default false */
  readonly demo?: boolean;
}

/**
 * Builds the consent URL (`/oauth2_user/authorize2`) with comma-joined scopes and a `state`
 * to check on the redirect.
 *
 * @example
 * ```ts
 * const { url, state } = buildAuthorizeUrl({
 *   accountUrl: "https://account.withings.com", clientId: "id", redirectUri: "https://app.example/cb",
 * });
 * ```
 */
export function buildAuthorizeUrl(options: AuthorizeUrlOptions): { url: string; state: string } {
  const state = options.state ?? createState();
  const url = new URL("/oauth2_user/authorize2", options.accountUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", options.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  // Withings wants commas between scopes; spaces are refused (reference §1.1).
  url.searchParams.set("scope", (options.scope ?? DEFAULT_SCOPES).join(","));
  url.searchParams.set("state", state);
  if (options.demo) url.searchParams.set("mode", "demo");
  return { url: url.toString(), state };
}

/**
 * A fresh, unguessable OAuth `state` (32 random bytes, base64url).
 *
 * @example
 * ```ts
 * const state = createState(); // "q2V…"
 * ```
 */
export function createState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Checks the redirect against the `state` that was issued and returns the authorization
 * code. Throws {@link WithingsStateError} on a missing or different state or a missing
 * code, and {@link WithingsAuthError} when the user refused consent.
 *
 * @example
 * ```ts
 * const code = verifyState(savedState, "https://app.example/cb?code=abc&state=q2V");
 * ```
 */
export function verifyState(expected: string, redirect: string | URL | URLSearchParams): string {
  const params =
    redirect instanceof URLSearchParams
      ? redirect
      : new URL(String(redirect), "http://redirect.invalid").searchParams;
  const state = params.get("state");
  if (!state || !expected || !sameText(state, expected)) {
    throw new WithingsStateError("the OAuth state on the redirect does not match the one issued");
  }
  const denied = params.get("error");
  if (denied) {
    throw new WithingsAuthError({
      status: 401,
      family: "auth",
      apiMessage: `consent refused: ${denied}`,
    });
  }
  const code = params.get("code");
  if (!code) throw new WithingsStateError("the redirect carries no authorization code");
  return code;
}

// Compares without an early exit, so timing does not reveal how much of a state matched.
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
