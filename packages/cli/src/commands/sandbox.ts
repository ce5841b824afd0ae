import { startSandboxServer } from "@withings-kit/sandbox/server";
import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { parseIntegerOption } from "../options/parse-integer-option.js";
import { waitForStop } from "../process/wait-for-stop.js";

interface SandboxFlags {
  readonly port: number;
  readonly seed: number;
  readonly host: string;
  readonly rateLimit: number;
}

const LOOPBACK: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * `withings sandbox`: runs the local Withings cloud of `@withings-kit/sandbox` (API, consent
 * page, control API) until Ctrl-C, and prints its URL and the default app's credentials.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const running = runCli(["sandbox", "--port", "0"], { ...io, signal: controller.signal });
 * controller.abort(); // stops it; exit code 0
 * ```
 */
export function sandboxCommand(ctx: CommandContext): Command {
  return new Command("sandbox")
    .summary("run a local Withings sandbox server")
    .description(
      "Serves a local Withings cloud with seeded synthetic users: the API, the consent page and the control API under /_sandbox/. Stop it with Ctrl-C.",
    )
    .option("--port <n>", "TCP port, 0 for a free one", parseIntegerOption(0, 65_535), 0)
    .option("--seed <n>", "seed of the synthetic data", parseIntegerOption(0, 2 ** 32 - 1), 42)
    .option(
      "--host <host>",
      "interface to bind (anything but loopback exposes the control API)",
      "127.0.0.1",
    )
    .option(
      "--rate-limit <n>",
      "the app quota in requests per minute",
      parseIntegerOption(1, 1_000_000),
      120,
    )
    .action(async (flags: SandboxFlags) => {
      const { io } = ctx;
      if (!LOOPBACK.has(flags.host)) {
        io.stderr.write(
          `withings: warning: listening on ${flags.host}: the unauthenticated control API is reachable from the network\n`,
        );
      }
      const server = await startSandboxServer({
        port: flags.port,
        host: flags.host,
        seed: flags.seed,
        rateLimit: { limit: flags.rateLimit, windowSeconds: 60 },
      });
      try {
        const { clientId, clientSecret } = server.sandbox.defaultApp;
        io.stdout.write(
          `Withings sandbox running at ${server.url} (seed ${flags.seed}, ${flags.rateLimit} requests/min)\n` +
            `  client id      ${clientId}\n` +
            `  client secret  ${clientSecret}   (public: it only guards local test data)\n` +
            "  redirect URIs  any http://127.0.0.1:<port>/… or http://localhost:<port>/…\n\n" +
            "Use it from another terminal:\n" +
            // The other commands pace themselves to the quota they are told: the sandbox's.
            `  export WITHINGS_CLOUD=${server.url} WITHINGS_CLIENT_ID=${clientId} WITHINGS_CLIENT_SECRET=${clientSecret} WITHINGS_RATE_LIMIT=${flags.rateLimit}\n` +
            "  withings login --db sandbox.db    (the consent page lets you pick or create a user)\n" +
            "  withings sync --db sandbox.db\n\n" +
            `Control API: POST ${server.url}/_sandbox/users {"profile":"vitals-study","years":1},\n` +
            `             GET ${server.url}/_sandbox/stats\n` +
            "Press Ctrl-C to stop.\n",
        );
        await waitForStop(io.signal);
      } finally {
        await server.close();
      }
      io.stderr.write("Sandbox stopped.\n");
    });
}
