import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { addAppOptions } from "../options/common-options.js";
import {
  adminLine,
  runServiceProcess,
  type ServiceProcessFlags,
} from "../service/run-service-process.js";
import { addServiceProcessOptions } from "../service/service-process-options.js";

/**
 * `withings worker`: runs the jobs that `withings serve` queues, on the same database, as
 * many processes and machines as a study needs: they claim one user's job at a time each
 * (never the same user twice), share one quota and one token store, and take over the job
 * of a worker that died once its lease ends. It answers `/healthz`, `/readyz` and, with
 * `WITHINGS_ADMIN_TOKEN`, `/metrics` and `/admin`, but no webhook.
 *
 * @example
 * ```ts
 * await runCli(["worker", "--db", "postgres://kit@db.example.org/withings", "--port", "8788"], io);
 * ```
 */
export function workerCommand(ctx: CommandContext): Command {
  const command = new Command("worker")
    .summary("run queued sync jobs beside withings serve (PostgreSQL: any number of machines)")
    .description(
      "Takes the jobs withings serve queues (notifications first, then the scheduled catch-up) and syncs each user, one job per user at a time across every worker, all under the app's one quota. Run it on as many machines as needed against one PostgreSQL --db (or DATABASE_URL). A worker killed mid-job leaves its job to another once its lease ends (two minutes). Answers /healthz and /readyz, and with WITHINGS_ADMIN_TOKEN /admin, /admin/status and /metrics. Logs are JSON lines on stderr. Stop it with Ctrl-C or SIGTERM: running jobs are given back.",
    );
  addServiceProcessOptions(command, {
    port: 8788,
    minConcurrency: 1,
    concurrencyHelp: "users this worker syncs at once",
  });
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: ServiceProcessFlags) => {
    await runServiceProcess(ctx, flags, {
      role: "worker",
      // No webhook route is mounted: the token is never compared with anything.
      extra: () => ({ webhookToken: "" }),
      banner: (running, place, admin) =>
        `Withings Kit worker on ${running.url} (database ${place})\n` +
        `  health        ${running.url}/healthz, ${running.url}/readyz\n` +
        adminLine(running.url, admin),
    });
  });
}
