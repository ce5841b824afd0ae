/**
 * What a command runs with, once flags, environment and config file are merged.
 *
 * @example
 * ```ts
 * const settings: CliSettings = await resolveSettings(flags, io);
 * ```
 */
export interface CliSettings {
  /** The config file consulted (it may not exist). */
  readonly configPath: string;
  /** The SQLite database (absolute). */
  readonly dbPath: string;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly redirectUri: string | undefined;
  /** `eu`, `us` or a base URL. */
  readonly cloud: string;
  /** Requests per minute the app may send. */
  readonly rateLimit: number;
  /** Problems worth telling the user that do not stop the command. */
  readonly warnings: readonly string[];
}
