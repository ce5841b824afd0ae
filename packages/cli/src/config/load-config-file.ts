import { readFile, stat } from "node:fs/promises";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { ConfigFile } from "./config-file.js";

const STRING_KEYS = ["clientId", "clientSecret", "redirectUri", "cloud", "db"] as const;

/**
 * What {@link loadConfigFile} found: the file's settings (empty when an optional file does
 * not exist) and warnings to print.
 *
 * @example
 * ```ts
 * const { config, warnings } = await loadConfigFile("config.json", { required: true });
 * ```
 */
export interface LoadedConfig {
  readonly config: ConfigFile;
  readonly warnings: readonly string[];
}

/**
 * Reads and checks the config file. A missing file is fine unless it was asked for by name;
 * unknown keys are refused (a typo would otherwise silently fall back to a default), and a
 * file holding the client secret that others can read gets a warning.
 *
 * @throws {CliError} `CONFIG` when the file cannot be read, is not JSON, or is invalid. The
 *   message never quotes the file's content: it may hold the secret.
 * @example
 * ```ts
 * const { config } = await loadConfigFile(defaultPaths(io).configFile, { required: false });
 * ```
 */
export async function loadConfigFile(
  path: string,
  options: { readonly required: boolean; readonly platform?: NodeJS.Platform },
): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" && !options.required) return { config: {}, warnings: [] };
    throw new CliError(
      EXIT_CODES.CONFIG,
      `cannot read the config file ${path} (${typeof code === "string" ? code : "failed"})`,
      "check --config or WITHINGS_CONFIG",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(EXIT_CODES.CONFIG, `the config file ${path} is not valid JSON`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new CliError(EXIT_CODES.CONFIG, `the config file ${path} must hold a JSON object`);
  }
  const raw = data as Record<string, unknown>;
  const config: { -readonly [K in keyof ConfigFile]: ConfigFile[K] } = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== "string" || value === "") {
        throw new CliError(EXIT_CODES.CONFIG, `${path}: "${key}" must be a non-empty string`);
      }
      config[key as (typeof STRING_KEYS)[number]] = value;
    } else if (key === "rateLimit") {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new CliError(EXIT_CODES.CONFIG, `${path}: "rateLimit" must be a positive integer`);
      }
      config.rateLimit = value;
    } else {
      throw new CliError(
        EXIT_CODES.CONFIG,
        `${path}: unknown key "${key}"`,
        `known keys: ${[...STRING_KEYS, "rateLimit"].join(", ")}`,
      );
    }
  }
  const warnings: string[] = [];
  if (config.clientSecret !== undefined && (options.platform ?? process.platform) !== "win32") {
    const mode = (await stat(path)).mode;
    if ((mode & 0o077) !== 0) {
      warnings.push(
        `${path} holds the client secret and others can read it; run: chmod 600 ${path}`,
      );
    }
  }
  return { config, warnings };
}
