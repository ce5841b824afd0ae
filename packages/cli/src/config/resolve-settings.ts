import { isAbsolute, resolve as resolvePath } from "node:path";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { isPostgresUrl } from "../database/database-place.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { AppFlags } from "../options/common-options.js";
import { cloudProblem } from "../options/parse-cloud-option.js";
import { redirectUriProblem } from "../options/parse-redirect-uri-option.js";
import { redactUrlCredentials } from "../output/redact-url-credentials.js";
import type { CliSettings } from "./cli-settings.js";
import { defaultPaths } from "./default-paths.js";
import { loadConfigFile } from "./load-config-file.js";

/**
 * Merges flags, `WITHINGS_*` environment variables and the config file, in that order of
 * precedence, and fills in the defaults (cloud `eu`, 120 requests a minute, the database in
 * the user's data directory). Credentials may stay undefined: only commands that call the
 * API require them ({@link requireCredentials}).
 *
 * @throws {CliError} `CONFIG` for an unreadable or invalid config file or environment value.
 * @example
 * ```ts
 * const settings = await resolveSettings({ db: "withings.db" }, io);
 * ```
 */
export async function resolveSettings(flags: AppFlags, io: CliIo): Promise<CliSettings> {
  const env = (name: string): string | undefined => {
    const value = io.env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const cwd = io.cwd ?? process.cwd();
  const defaults = defaultPaths(io);
  const explicitConfig = flags.config ?? env("WITHINGS_CONFIG");
  const configPath = resolvePath(cwd, expandHome(explicitConfig ?? defaults.configFile, io));
  const { config, warnings } = await loadConfigFile(configPath, {
    required: explicitConfig !== undefined,
    ...(io.platform === undefined ? {} : { platform: io.platform }),
  });

  const cloud = flags.cloud ?? env("WITHINGS_CLOUD") ?? config.cloud ?? "eu";
  const cloudSource = env("WITHINGS_CLOUD") === undefined ? configPath : "WITHINGS_CLOUD";
  const badCloud = flags.cloud === undefined ? cloudProblem(cloud) : undefined;
  if (badCloud !== undefined) {
    throw new CliError(
      EXIT_CODES.CONFIG,
      // The value is shown without its password: the message reaches the terminal.
      `invalid cloud ${redactUrlCredentials(JSON.stringify(cloud))} in ${cloudSource}`,
      badCloud === 'expected "eu", "us" or an http(s) base URL'
        ? 'use "eu", "us" or an http(s) base URL'
        : badCloud,
    );
  }

  const redirectUri = flags.redirectUri ?? env("WITHINGS_REDIRECT_URI") ?? config.redirectUri;
  const badRedirect =
    flags.redirectUri === undefined && redirectUri !== undefined
      ? redirectUriProblem(redirectUri)
      : undefined;
  if (badRedirect !== undefined) {
    throw new CliError(
      EXIT_CODES.CONFIG,
      `invalid redirect URI ${redactUrlCredentials(JSON.stringify(redirectUri))} in ${env("WITHINGS_REDIRECT_URI") === undefined ? configPath : "WITHINGS_REDIRECT_URI"}`,
      badRedirect,
    );
  }

  let rateLimit = flags.rateLimit ?? config.rateLimit ?? 120;
  const envLimit = env("WITHINGS_RATE_LIMIT");
  if (flags.rateLimit === undefined && envLimit !== undefined) {
    if (!/^\d+$/.test(envLimit) || Number(envLimit) < 1) {
      throw new CliError(EXIT_CODES.CONFIG, "WITHINGS_RATE_LIMIT must be a positive integer");
    }
    rateLimit = Number(envLimit);
  }

  // A relative `db` in the config file is relative to that file, not to wherever the
  // command happens to run.
  const configDir = resolvePath(configPath, "..");
  // A PostgreSQL URL is a place, not a path: it is kept as written.
  const place = (value: string, base: string): string =>
    isPostgresUrl(value) ? value : resolvePath(base, expandHome(value, io));
  const dbPath =
    flags.db !== undefined
      ? place(flags.db, cwd)
      : env("WITHINGS_DB") !== undefined
        ? place(env("WITHINGS_DB") as string, cwd)
        : config.db !== undefined
          ? place(config.db, configDir)
          : // The conventional variable of a PostgreSQL deployment, last: it may belong to
            // another program of the machine, and never overrides a database named for us.
            isPostgresUrl(env("DATABASE_URL") ?? "")
            ? (env("DATABASE_URL") as string)
            : defaults.database;

  return Object.freeze({
    configPath,
    dbPath,
    clientId: flags.clientId ?? env("WITHINGS_CLIENT_ID") ?? config.clientId,
    clientSecret: flags.clientSecret ?? env("WITHINGS_CLIENT_SECRET") ?? config.clientSecret,
    redirectUri,
    cloud,
    rateLimit,
    warnings,
  });
}

function expandHome(path: string, io: CliIo): string {
  if (path === "~" || path.startsWith("~/")) {
    const home = io.homedir ?? io.env["HOME"] ?? "";
    return isAbsolute(home) ? `${home}${path.slice(1)}` : path;
  }
  return path;
}
