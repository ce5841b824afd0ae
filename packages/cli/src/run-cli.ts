import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import type { CliIo } from "./cli-io.js";
import type { CommandContext } from "./command-context.js";
import { reportError } from "./errors/report-error.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { redactUrlCredentials } from "./output/redact-url-credentials.js";

type CommandFactory = (ctx: CommandContext) => Command;

// Each command is imported only when it runs (or for the full help), so `withings status`
// does not load the sandbox server and `withings sandbox` does not load SQLite.
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  login: async () => (await import("./commands/login.js")).loginCommand,
  sync: async () => (await import("./commands/sync.js")).syncCommand,
  export: async () => (await import("./commands/export.js")).exportCommand,
  status: async () => (await import("./commands/status.js")).statusCommand,
  logout: async () => (await import("./commands/logout.js")).logoutCommand,
  sandbox: async () => (await import("./commands/sandbox.js")).sandboxCommand,
  serve: async () => (await import("./commands/serve.js")).serveCommand,
  dashboard: async () => (await import("./commands/dashboard.js")).dashboardCommand,
  worker: async () => (await import("./commands/worker.js")).workerCommand,
  doctor: async () => (await import("./commands/doctor.js")).doctorCommand,
  migrate: async () => (await import("./commands/migrate.js")).migrateCommand,
  demo: async () => (await import("./commands/demo.js")).demoCommand,
};

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/**
 * Runs the `withings` command line in-process: parses `argv` (the arguments after the
 * program name), runs the command with the given I/O, and returns the exit code instead of
 * exiting. User-facing failures are printed as one line (and a hint) without a stack trace;
 * bugs are printed in full; both are redacted. See {@link EXIT_CODES}.
 *
 * @example
 * ```ts
 * import { runCli } from "@withings-kit/cli";
 *
 * const code = await runCli(["status", "--db", "withings.db"], {
 *   stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env,
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const ctx: CommandContext = { io, secrets: new Set(), apiUrl: undefined };
  const program = new Command("withings")
    .description(
      "Withings Kit: log in to Withings, sync every dataset into a local SQLite database, export it, and run a local sandbox of the Withings cloud.",
    )
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      // Commander quotes a refused value (`argument 'http://user:pass@…' is invalid`).
      writeErr: (text) => void io.stderr.write(redactUrlCredentials(text)),
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 internal error, 2 usage, 3 config/credentials, 4 login needed,\n" +
        "5 API unreachable, 6 database, 7 API error, 130 interrupted.",
    );

  const wanted = argv[0] === "help" ? argv[1] : argv[0];
  const names =
    wanted !== undefined && Object.hasOwn(COMMANDS, wanted) ? [wanted] : Object.keys(COMMANDS);
  for (const name of names) {
    const load = COMMANDS[name] as () => Promise<CommandFactory>;
    const command = (await load())(ctx);
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_CODES.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version"
        ? EXIT_CODES.OK
        : EXIT_CODES.USAGE;
    }
    return reportError(error, io.stderr, {
      secrets: ctx.secrets,
      ...(ctx.apiUrl === undefined ? {} : { apiUrl: ctx.apiUrl }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  }
}
