import type { Readable, Writable } from "node:stream";

/**
 * An output stream as the CLI sees it: a Node `Writable`, which may be a terminal.
 *
 * @example
 * ```ts
 * const out: CliOutput = Object.assign(new PassThrough(), { isTTY: false });
 * ```
 */
export type CliOutput = Writable & { readonly isTTY?: boolean; readonly columns?: number };

/**
 * Everything the CLI touches outside itself, so that tests run commands in-process with
 * captured streams, their own environment and a simulated browser, and never spawn.
 *
 * @example
 * ```ts
 * const code = await runCli(["status", "--db", "t.db"], {
 *   stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env: {},
 * });
 * ```
 */
export interface CliIo {
  readonly stdout: CliOutput;
  /** Progress, prompts, warnings and errors go here; results go to `stdout`. */
  readonly stderr: CliOutput;
  /** Read by `login` (pasted URL) and `login --import-tokens -`. */
  readonly stdin: Readable;
  /** Credentials (`WITHINGS_*`) and the directories that locate the config and data files. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: a sync stops between requests, `sandbox` and `login` stop waiting. */
  readonly signal?: AbortSignal;
  /**
   * Opens a URL in the user's browser. @default the platform's opener (`open`, `xdg-open`,
   * `rundll32`), spawned without a shell
   */
  readonly openUrl?: (url: string) => Promise<void>;
  /** @default process.platform */
  readonly platform?: NodeJS.Platform;
  /** @default os.homedir() */
  readonly homedir?: string;
  /** Relative paths are resolved from here. @default process.cwd() */
  readonly cwd?: string;
}
