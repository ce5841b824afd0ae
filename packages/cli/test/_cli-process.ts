import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = join(root, "packages/cli/src/bin.ts");

/**
 * Starts `withings <args>` as a process of its own (from the sources); resolves once its
 * standard output matched `ready`, rejects if it exits first (with the end of its stderr).
 */
export async function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--conditions=source", "--import", "tsx", bin, ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  // With WITHINGS_KIT_TEST_LOG_DIR, each process's logs are kept there, to read a failure.
  const logDir = process.env["WITHINGS_KIT_TEST_LOG_DIR"];
  const log =
    logDir === undefined
      ? undefined
      : createWriteStream(join(logDir, `${args[0]}-${proc.pid}.log`), { flags: "a" });
  proc.stderr?.on("data", (c: Buffer) => {
    err = (err + c.toString()).slice(-4000);
    log?.write(c);
  });
  proc.once("exit", () => log?.end());
  await new Promise<void>((done, fail) => {
    proc.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) done();
    });
    proc.once("exit", (code) => fail(new Error(`${args[0]} exited (${code}): ${err}`)));
  });
  return proc;
}

/** Sends `signal` (SIGKILL unless told) and resolves once the process is gone. */
export function stopped(proc: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((done) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return done();
    proc.once("exit", () => done());
    proc.kill(signal);
  });
}
