import { homedir } from "node:os";
import type { CliIo } from "./cli-io.js";

/**
 * The real process as a {@link CliIo}: its streams and environment, and an abort signal
 * raised by the first Ctrl-C (SIGINT) or SIGTERM. Commands that watch the signal (sync,
 * login, sandbox, demo) stop cleanly and report; a command that does not (an export) is
 * ended 3 s later, and a second Ctrl-C ends any at once. Ending the process between two
 * SQLite transactions loses nothing committed, and a transaction never spans an await.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    const code = 128 + (signal === "SIGINT" ? 2 : 15);
    if (controller.signal.aborted) process.exit(code);
    controller.abort(new Error(`stopped by ${signal}`));
    setTimeout(() => process.exit(code), 3000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: controller.signal,
    platform: process.platform,
    homedir: homedir(),
    cwd: process.cwd(),
  };
}
