import type { Command } from "commander";
import { parseCloudOption } from "./parse-cloud-option.js";
import { parseIntegerOption } from "./parse-integer-option.js";
import { parseRedirectUriOption } from "./parse-redirect-uri-option.js";

/**
 * The options every command that reads the database shares (see {@link addStorageOptions}).
 *
 * @example
 * ```ts
 * const flags: StorageFlags = { db: "withings.db" };
 * ```
 */
export interface StorageFlags {
  readonly config?: string;
  readonly db?: string;
}

/**
 * The options of commands that talk to the API as the app (see {@link addAppOptions}).
 *
 * @example
 * ```ts
 * const flags: AppFlags = { cloud: "us", rateLimit: 1500 };
 * ```
 */
export interface AppFlags extends StorageFlags {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  readonly cloud?: string;
  readonly rateLimit?: number;
}

/**
 * Adds `--config` and `--db`.
 *
 * @example
 * ```ts
 * addStorageOptions(new Command("status"));
 * ```
 */
export function addStorageOptions(command: Command): Command {
  return command
    .option("--config <file>", "config file (JSON) [env: WITHINGS_CONFIG]")
    .option(
      "--db <path>",
      "the database holding the data and the tokens: an SQLite file, or a postgres:// URL [env: WITHINGS_DB, or a postgres:// DATABASE_URL]",
    );
}

/**
 * Adds `--config`, `--db` and the app's credentials, cloud and quota. Flags win over the
 * environment, which wins over the config file. Prefer the environment or the config file
 * for the secret: command lines are visible to other users of the machine.
 *
 * @example
 * ```ts
 * addAppOptions(new Command("login"), { redirect: true });
 * ```
 */
export function addAppOptions(command: Command, options: { readonly redirect: boolean }): Command {
  addStorageOptions(command)
    .option("--client-id <id>", "the app's client id [env: WITHINGS_CLIENT_ID]")
    .option("--client-secret <secret>", "the app's client secret [env: WITHINGS_CLIENT_SECRET]");
  if (options.redirect) {
    command.option(
      "--redirect-uri <uri>",
      "the app's registered callback URL [env: WITHINGS_REDIRECT_URI] (default: a loopback URL)",
      parseRedirectUriOption,
    );
  }
  return command
    .option(
      "--cloud <cloud>",
      "eu, us, or a base URL such as a sandbox's [env: WITHINGS_CLOUD] (default: eu)",
      parseCloudOption,
    )
    .option(
      "--rate-limit <n>",
      "the app's quota in requests per minute [env: WITHINGS_RATE_LIMIT] (default: 120)",
      parseIntegerOption(1, 1_000_000),
    );
}
