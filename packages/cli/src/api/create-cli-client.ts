import {
  type ClientEvent,
  createWithingsClient,
  type RateLimiter,
  TokenBucket,
  type TokenStore,
  type WithingsClient,
} from "@withings-kit/client";
import type { Credentials } from "../config/require-credentials.js";

/**
 * What {@link createCliClient} needs besides the credentials.
 *
 * @example
 * ```ts
 * const o: CliClientOptions = { cloud: "eu", rateLimit: 120, tokenStore: db.tokens };
 * ```
 */
export interface CliClientOptions {
  readonly cloud: string;
  /** Requests per minute, the app-wide quota. */
  readonly rateLimit: number;
  readonly tokenStore: TokenStore;
  /** The quota shared with other processes (a PostgreSQL database's); default: this process's own. */
  readonly rateLimiter?: RateLimiter | undefined;
  readonly redirectUri?: string | undefined;
  readonly onEvent?: (event: ClientEvent) => void;
}

/**
 * The one client of a CLI run: the app's credentials, the database's token store, and a
 * limiter sized to the app's quota (120 a minute unless a partner plan says more).
 *
 * @example
 * ```ts
 * const client = createCliClient(requireCredentials(settings), { cloud: settings.cloud, rateLimit: settings.rateLimit, tokenStore: db.tokens });
 * ```
 */
export function createCliClient(
  credentials: Credentials,
  options: CliClientOptions,
): WithingsClient {
  return createWithingsClient({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    cloud: options.cloud,
    tokenStore: options.tokenStore,
    rateLimiter:
      options.rateLimiter ?? new TokenBucket({ limit: options.rateLimit, windowMs: 60_000 }),
    ...(options.redirectUri === undefined ? {} : { redirectUri: options.redirectUri }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}
