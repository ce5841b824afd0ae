import { homedir as osHomedir } from "node:os";
import { posix, win32 } from "node:path";
import type { CliIo } from "../cli-io.js";

/**
 * Where the CLI keeps things when not told: the config file, and the data directory that
 * holds the database (with the tokens) and the demo database.
 *
 * @example
 * ```ts
 * const { configFile, database } = defaultPaths(io);
 * ```
 */
export interface DefaultPaths {
  /** `config.json` in the user's config directory. */
  readonly configFile: string;
  /** The user's data directory for Withings Kit. */
  readonly dataDir: string;
  /** `withings.db` in {@link DefaultPaths.dataDir}. */
  readonly database: string;
  /** `demo.db` in {@link DefaultPaths.dataDir}, written by `withings demo`. */
  readonly demoDatabase: string;
}

const APP = "withings-kit";

/**
 * The platform's conventional locations, from the environment first:
 * - Linux and others: `$XDG_CONFIG_HOME/withings-kit/config.json` (else `~/.config/…`) and
 *   `$XDG_DATA_HOME/withings-kit/` (else `~/.local/share/…`);
 * - macOS: `~/Library/Preferences/withings-kit/config.json` and
 *   `~/Library/Application Support/withings-kit/`;
 * - Windows: `%APPDATA%\withings-kit\config.json` and `%LOCALAPPDATA%\withings-kit\`.
 *
 * @example
 * ```ts
 * defaultPaths({ ...io, platform: "linux", env: { XDG_DATA_HOME: "/data" } }).database;
 * // "/data/withings-kit/withings.db"
 * ```
 */
export function defaultPaths(io: Pick<CliIo, "env" | "platform" | "homedir">): DefaultPaths {
  const platform = io.platform ?? process.platform;
  const home = io.homedir ?? osHomedir();
  const env = (name: string): string | undefined => {
    const value = io.env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  let configDir: string;
  let dataDir: string;
  if (platform === "win32") {
    configDir = win32.join(env("APPDATA") ?? win32.join(home, "AppData", "Roaming"), APP);
    dataDir = win32.join(env("LOCALAPPDATA") ?? win32.join(home, "AppData", "Local"), APP);
  } else if (platform === "darwin") {
    configDir = posix.join(home, "Library", "Preferences", APP);
    dataDir = posix.join(home, "Library", "Application Support", APP);
  } else {
    configDir = posix.join(env("XDG_CONFIG_HOME") ?? posix.join(home, ".config"), APP);
    dataDir = posix.join(env("XDG_DATA_HOME") ?? posix.join(home, ".local", "share"), APP);
  }
  const join = platform === "win32" ? win32.join : posix.join;
  return Object.freeze({
    configFile: join(configDir, "config.json"),
    dataDir,
    database: join(dataDir, "withings.db"),
    demoDatabase: join(dataDir, "demo.db"),
  });
}
