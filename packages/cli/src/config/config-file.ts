/**
 * The config file (JSON). Every key is optional; flags and `WITHINGS_*` variables win over
 * it. Keep it mode 0600 when it holds the client secret.
 *
 * @example
 * ```json
 * { "clientId": "…", "clientSecret": "…", "redirectUri": "http://127.0.0.1:8765/callback",
 *   "cloud": "eu", "db": "~/withings/withings.db", "rateLimit": 120 }
 * ```
 */
export interface ConfigFile {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  /** `eu`, `us` or a base URL (a sandbox). */
  readonly cloud?: string;
  /** The database; relative to the config file's directory, `~/` for the home directory. */
  readonly db?: string;
  /** The app's quota in requests per minute (120, or a partner plan's). */
  readonly rateLimit?: number;
}
