import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { CliSettings } from "./cli-settings.js";

/**
 * The app's credentials, known to be present.
 *
 * @example
 * ```ts
 * const { clientId, clientSecret } = requireCredentials(settings);
 * ```
 */
export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Returns the client id and secret, or fails with exit code 3 saying where they can come
 * from.
 *
 * @throws {CliError} `CONFIG` when either is missing.
 * @example
 * ```ts
 * const client = createWithingsClient({ ...requireCredentials(settings), cloud: settings.cloud });
 * ```
 */
export function requireCredentials(settings: CliSettings): Credentials {
  const missing: string[] = [];
  if (settings.clientId === undefined) missing.push("client id");
  if (settings.clientSecret === undefined) missing.push("client secret");
  if (settings.clientId === undefined || settings.clientSecret === undefined) {
    throw new CliError(
      EXIT_CODES.CONFIG,
      `missing credentials: no ${missing.join(" and no ")}`,
      "set WITHINGS_CLIENT_ID and WITHINGS_CLIENT_SECRET, pass --client-id and --client-secret, " +
        `or put clientId and clientSecret in ${settings.configPath}`,
    );
  }
  return { clientId: settings.clientId, clientSecret: settings.clientSecret };
}
