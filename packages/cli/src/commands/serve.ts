import { ServiceMetrics, SourceListError, startService } from "@withings-kit/server";
import { Command } from "commander";
import { pino } from "pino";
import { createCliClient } from "../api/create-cli-client.js";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { EXIT_CODES } from "../exit-codes.js";
import { type AppFlags, addAppOptions } from "../options/common-options.js";
import { parseIntegerOption } from "../options/parse-integer-option.js";
import { printWarnings } from "../output/print-warnings.js";
import { waitForStop } from "../process/wait-for-stop.js";

interface ServeFlags extends AppFlags {
  readonly port: number;
  readonly host: string;
  readonly publicUrl?: string;
  readonly catchUpMinutes: number;
  readonly concurrency: number;
  readonly mergedRereadMinutes: number;
  readonly allowWithingsIps?: boolean;
  readonly trustProxy?: boolean;
}

// A token in a URL is only as good as it is long and random.
const MIN_TOKEN = 24;

/**
 * `withings serve`: the always-on service of `@withings-kit/server` on the database: the
 * webhook receiver at `/webhooks/withings/<token>` (the token from `WITHINGS_WEBHOOK_TOKEN`,
 * never from the command line, where other users could read it), the worker that syncs
 * each notified user, the hourly catch-up of everyone, and `/healthz` and `/readyz`. It
 * listens before it works, so the callback answers Withings' HEAD probe, and stops
 * gracefully on Ctrl-C or SIGTERM.
 *
 * @example
 * ```ts
 * await runCli(["serve", "--db", "study.db", "--port", "8787", "--public-url", "https://kit.example.org"], io);
 * ```
 */
export function serveCommand(ctx: CommandContext): Command {
  const command = new Command("serve")
    .summary("run the service: webhooks, sync worker, catch-up, health checks")
    .description(
      "Receives Withings notifications at /webhooks/withings/<token> (token from WITHINGS_WEBHOOK_TOKEN), stores each before answering, syncs the users they name, catches every user up on a schedule, keeps every user subscribed when --public-url is given, and answers /healthz and /readyz (and, with WITHINGS_ADMIN_TOKEN, the status page /admin, /admin/status and /metrics). Logs are JSON lines on stderr. Put a reverse proxy with HTTPS in front: Withings only calls https URLs on port 443 of a real domain. Stop it with Ctrl-C or SIGTERM.",
    )
    .option("--port <n>", "TCP port, 0 for a free one", parseIntegerOption(0, 65_535), 8787)
    .option("--host <host>", "interface to bind (the proxy's side)", "127.0.0.1")
    .option(
      "--public-url <url>",
      "the https origin Withings calls; with it, every user is kept subscribed (at start and daily)",
    )
    .option(
      "--catch-up-minutes <n>",
      "minutes between two catch-ups of every user",
      parseIntegerOption(1, 7 * 24 * 60),
      60,
    )
    .option("--concurrency <n>", "users synced at once", parseIntegerOption(1, 64), 2)
    .option(
      "--merged-reread-minutes <n>",
      "minutes between two re-reads of a participant's recent window when notifications pile up (a deletion among them shows up to that much later)",
      parseIntegerOption(0, 24 * 60),
      10,
    )
    .option(
      "--allow-withings-ips",
      "answer the webhook only to Withings' published addresses (read from DNS at start, then daily)",
    )
    .option(
      "--trust-proxy",
      "take the webhook caller's address from X-Forwarded-For (set only behind a proxy that writes it)",
    );
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: ServeFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const credentials = requireCredentials(settings);
    ctx.secrets.add(credentials.clientSecret);
    const token = io.env["WITHINGS_WEBHOOK_TOKEN"] ?? "";
    if (token.length < MIN_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) {
      throw new CliError(
        EXIT_CODES.USAGE,
        `WITHINGS_WEBHOOK_TOKEN must be at least ${MIN_TOKEN} letters, digits, - or _`,
        "set it to a random secret, for example: export WITHINGS_WEBHOOK_TOKEN=$(openssl rand -hex 24)",
      );
    }
    ctx.secrets.add(token);
    const adminToken = io.env["WITHINGS_ADMIN_TOKEN"] ?? "";
    if (adminToken !== "" && adminToken.length < MIN_TOKEN) {
      throw new CliError(
        EXIT_CODES.USAGE,
        `WITHINGS_ADMIN_TOKEN must be at least ${MIN_TOKEN} characters`,
        "leave it unset to turn /admin, /admin/status and /metrics off",
      );
    }
    if (adminToken !== "") ctx.secrets.add(adminToken);
    const cloud = settings.cloud;
    if (flags.allowWithingsIps === true && cloud !== "eu" && cloud !== "us") {
      throw new CliError(
        EXIT_CODES.USAGE,
        "--allow-withings-ips lists the addresses of Withings' own clouds, not of another API",
        "leave it out when the cloud is a sandbox or a test server",
      );
    }
    const metrics = new ServiceMetrics();
    const db = await openDatabase(settings.dbPath, { create: true });
    try {
      const store = db.sqlite;
      if (store === undefined) {
        throw new CliError(
          EXIT_CODES.USAGE,
          "withings serve keeps its inbox and jobs in an SQLite database for now",
          "give serve an SQLite --db; sync, status, export, login and logout work on PostgreSQL",
        );
      }
      const client = createCliClient(credentials, {
        cloud: settings.cloud,
        rateLimit: settings.rateLimit,
        tokenStore: db.tokens,
        onEvent: metrics.onClientEvent,
      });
      ctx.apiUrl = client.apiUrl;
      const running = await startService({
        metrics,
        adminToken,
        store,
        client,
        webhookToken: token,
        port: flags.port,
        host: flags.host,
        catchUpSeconds: flags.catchUpMinutes * 60,
        concurrency: flags.concurrency,
        mergedRereadSeconds: flags.mergedRereadMinutes * 60,
        ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
        ...(flags.allowWithingsIps === true && (cloud === "eu" || cloud === "us")
          ? { withingsSources: { cloud } }
          : {}),
        ...(flags.trustProxy === true ? { trustProxy: true } : {}),
        logger: pino(
          {
            base: null,
            // The service logs no secret; these paths guard what a later change might add.
            redact: {
              paths: ["*.access_token", "*.refresh_token", "*.authorization", "*.client_secret"],
              censor: "[redacted]",
            },
          },
          { write: (line: string) => io.stderr.write(line) },
        ),
      }).catch((error: unknown) => {
        if (error instanceof SourceListError) {
          throw new CliError(
            EXIT_CODES.UNREACHABLE,
            error.message,
            "check this machine's DNS, or start without --allow-withings-ips",
          );
        }
        throw error;
      });
      try {
        const origin = flags.publicUrl?.replace(/\/+$/, "") ?? "https://<your public origin>";
        io.stdout.write(
          `Withings Kit service listening on ${running.url} (database ${db.path})\n` +
            `  callback URL  ${origin}/webhooks/withings/<WITHINGS_WEBHOOK_TOKEN>\n` +
            `  health        ${running.url}/healthz, ${running.url}/readyz\n` +
            (adminToken === ""
              ? "  admin         off (set WITHINGS_ADMIN_TOKEN for /admin, /admin/status and /metrics)\n"
              : `  admin         ${running.url}/admin (password WITHINGS_ADMIN_TOKEN), /admin/status, /metrics\n`) +
            "Press Ctrl-C to stop.\n",
        );
        await waitForStop(io.signal);
      } finally {
        await running.close();
      }
      io.stderr.write("Service stopped.\n");
    } finally {
      await db.close();
    }
  });
}
