import type { TokenStore } from "./auth/token-store.js";
import type { Clock } from "./clock.js";
import type { Cloud } from "./cloud.js";
import type { ClientEvent } from "./http/client-event.js";
import type { FetchLike } from "./http/fetch-like.js";
import type { RateLimiter } from "./limits/rate-limiter.js";
import type { RetryPolicy, RetryPolicyOptions } from "./limits/retry-policy.js";

/**
 * Options of {@link createWithingsClient}. Resolved once, validated and frozen; a client
 * never changes its configuration.
 *
 * @example
 * ```ts
 * const options: WithingsClientOptions = {
 *   clientId: process.env.WITHINGS_CLIENT_ID!, clientSecret: process.env.WITHINGS_CLIENT_SECRET!,
 *   redirectUri: "https://app.example/withings/callback", cloud: "eu",
 * };
 * ```
 */
export interface WithingsClientOptions {
  /** The app's client id from the Withings developer dashboard. */
  readonly clientId: string;
  /** The app's client secret. Needed for token requests and signed actions. */
  readonly clientSecret?: string;
  /** The callback URL registered for the app; the default for `authorizeUrl`/`exchangeCode`. */
  readonly redirectUri?: string;
  /** `eu`, `us`, or a base URL (a sandbox). @default "eu" */
  readonly cloud?: Cloud;
  /** The transport. @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Time for expiry, backoff and rate limiting. @default systemClock */
  readonly clock?: Clock;
  /** Where tokens are kept per user. @default a new MemoryTokenStore */
  readonly tokenStore?: TokenStore;
  /**
   * The app-wide limiter. Share one instance between every client of an app. @default a
   * TokenBucket of 120 requests per 60 s shared by the clients of this process with the
   * same cloud and client id
   */
  readonly rateLimiter?: RateLimiter;
  /** A retry policy, or options for the default one. @default retryPolicy() */
  readonly retry?: RetryPolicy | RetryPolicyOptions;
  /** Per-request timeout in milliseconds, body included. @default 30_000 */
  readonly timeoutMs?: number;
  /** Refresh this long before the access token expires. @default 300_000 (5 min) */
  readonly refreshSkewMs?: number;
  /** Sign token requests with a nonce instead of sending the client secret. @default false */
  readonly signTokenRequests?: boolean;
  /** Probe once more after a full last page (reference §1.13). @default true */
  readonly probeFullPages?: boolean;
  /** Random numbers in [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Progress and accounting events (never secrets). */
  readonly onEvent?: (event: ClientEvent) => void;
}

// Every option must be listed here: a new option that is not registered fails the build,
// and unknown keys (typos) are refused at runtime.
const OPTION_KEYS = {
  clientId: true,
  clientSecret: true,
  redirectUri: true,
  cloud: true,
  fetch: true,
  clock: true,
  tokenStore: true,
  rateLimiter: true,
  retry: true,
  timeoutMs: true,
  refreshSkewMs: true,
  signTokenRequests: true,
  probeFullPages: true,
  random: true,
  onEvent: true,
} as const satisfies Record<keyof WithingsClientOptions, true>;

/**
 * The option names {@link createWithingsClient} accepts.
 *
 * @example
 * ```ts
 * isClientOption("clientId"); // true
 * ```
 */
export function isClientOption(name: string): name is keyof WithingsClientOptions {
  return Object.hasOwn(OPTION_KEYS, name);
}
