import { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { addAppOptions } from "../options/common-options.js";
import {
  adminLine,
  MIN_TOKEN,
  runServiceProcess,
  type ServiceProcessFlags,
} from "../service/run-service-process.js";
import { addServiceProcessOptions } from "../service/service-process-options.js";

interface ServeFlags extends ServiceProcessFlags {
  readonly publicUrl?: string;
  readonly allowWithingsIps?: boolean;
  readonly trustProxy?: boolean;
}

/**
 * `withings serve`: the always-on service of `@withings-kit/server` on the database: the
 * webhook receiver at `/webhooks/withings/<token>` (the token from `WITHINGS_WEBHOOK_TOKEN`,
 * never from the command line, where other users could read it), the worker that syncs
 * each notified user, the hourly catch-up of everyone, and `/healthz` and `/readyz`. It
 * listens before it works, so the callback answers Withings' HEAD probe, and stops
 * gracefully on Ctrl-C or SIGTERM. On a PostgreSQL `--db`, `--concurrency 0` makes it a
 * receiver only, leaving the jobs to `withings worker` processes.
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
    .option(
      "--public-url <url>",
      "the https origin Withings calls; with it, every user is kept subscribed (at start and daily)",
    )
    .option(
      "--allow-withings-ips",
      "answer the webhook only to Withings' published addresses (read from DNS at start, then daily)",
    )
    .option(
      "--trust-proxy",
      "take the webhook caller's address from X-Forwarded-For (set only behind a proxy that writes it)",
    );
  addServiceProcessOptions(command, {
    port: 8787,
    minConcurrency: 0,
    concurrencyHelp:
      "users synced at once; 0 only receives and queues, for withings worker processes to sync (PostgreSQL)",
  });
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: ServeFlags) => {
    const { io } = ctx;
    const token = io.env["WITHINGS_WEBHOOK_TOKEN"] ?? "";
    if (token.length < MIN_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) {
      // Missing or weak, it is configuration like the client secret, not a mistyped option.
      throw new CliError(
        EXIT_CODES.CONFIG,
        `WITHINGS_WEBHOOK_TOKEN must be at least ${MIN_TOKEN} letters, digits, - or _`,
        "set it to a random secret, for example: export WITHINGS_WEBHOOK_TOKEN=$(openssl rand -hex 24)",
      );
    }
    ctx.secrets.add(token);
    await runServiceProcess(ctx, flags, {
      role: flags.concurrency === 0 ? "receiver" : "all",
      extra: ({ cloud }) => {
        if (flags.allowWithingsIps === true && cloud !== "eu" && cloud !== "us") {
          throw new CliError(
            EXIT_CODES.USAGE,
            "--allow-withings-ips lists the addresses of Withings' own clouds, not of another API",
            "leave it out when the cloud is a sandbox or a test server",
          );
        }
        return {
          webhookToken: token,
          ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
          ...(flags.allowWithingsIps === true && (cloud === "eu" || cloud === "us")
            ? { withingsSources: { cloud } }
            : {}),
          ...(flags.trustProxy === true ? { trustProxy: true } : {}),
        };
      },
      banner: (running, place, admin) => {
        const origin = flags.publicUrl?.replace(/\/+$/, "") ?? "https://<your public origin>";
        return (
          `Withings Kit service listening on ${running.url} (database ${place})\n` +
          `  callback URL  ${origin}/webhooks/withings/<WITHINGS_WEBHOOK_TOKEN>\n` +
          `  health        ${running.url}/healthz, ${running.url}/readyz\n` +
          adminLine(running.url, admin) +
          (flags.concurrency === 0
            ? "  jobs          queued for withings worker processes (--concurrency 0)\n"
            : "")
        );
      },
    });
  });
}
