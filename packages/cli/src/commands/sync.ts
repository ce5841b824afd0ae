import { RequestMeter, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import { DATASET_PARENTS, withParents } from "@withings-kit/sync/internal";
import { Command } from "commander";
import { createCliClient } from "../api/create-cli-client.js";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { EXIT_CODES } from "../exit-codes.js";
import { collectListOption } from "../options/collect-list-option.js";
import { type AppFlags, addAppOptions } from "../options/common-options.js";
import { parseDatasetsOption } from "../options/parse-datasets-option.js";
import { parseDateOption } from "../options/parse-date-option.js";
import { parseNumberOption } from "../options/parse-number-option.js";
import { printWarnings } from "../output/print-warnings.js";
import { syncSummary } from "../output/sync-summary.js";
import { runSyncWithProgress, throwIfSyncFailed } from "../progress/run-sync-with-progress.js";

interface SyncFlags extends AppFlags {
  readonly user?: string[];
  readonly datasets?: SyncDataset[];
  readonly since?: number;
  readonly reconcileDays?: number;
  readonly json?: boolean;
}

/**
 * `withings sync`: brings the database up to date for every logged-in user (or those named),
 * with progress per user and dataset and a summary table at the end. The sync itself is
 * `@withings-kit/sync`'s engine; this command only wires it to the database and the screen.
 *
 * @example
 * ```ts
 * await runCli(["sync", "--datasets", "measures,sleep_summaries", "--since", "2024-01-01"], io);
 * ```
 */
export function syncCommand(ctx: CommandContext): Command {
  const command = new Command("sync")
    .summary("fetch what is new, changed or deleted into the database")
    .description(
      "Syncs every dataset of every logged-in user (or those named) into the database: a full backfill the first time, then only what changed since, with a deletion reconcile over recent days. Progress per user and dataset, then a summary.",
    )
    .option("--user <id>", "only this user (repeatable, or comma-separated)", collectListOption)
    .option(
      "--datasets <list>",
      `only these datasets, comma-separated: ${SYNC_DATASETS.join(", ")}`,
      parseDatasetsOption,
    )
    .option(
      "--since <date>",
      "re-read from this date (YYYY-MM-DD, ISO date-time or epoch s)",
      parseDateOption,
    )
    .option(
      "--reconcile-days <n>",
      "reconcile deletions now over this many recent days",
      parseNumberOption(36_500),
    )
    .option("--json", "progress and the report as JSON lines on stdout");
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: SyncFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const credentials = requireCredentials(settings);
    ctx.secrets.add(credentials.clientSecret);
    const db = await openDatabase(settings.dbPath, { create: true, stderr: io.stderr });
    try {
      const meter = new RequestMeter();
      const client = createCliClient(credentials, {
        cloud: settings.cloud,
        rateLimit: settings.rateLimit,
        tokenStore: db.tokens,
        // Syncs of one PostgreSQL database on several machines share one quota.
        rateLimiter: await db.sharedQuota(settings.rateLimit),
        onEvent: meter.onEvent,
      });
      ctx.apiUrl = client.apiUrl;
      const users = flags.user ?? (await client.users());
      if (users.length === 0) {
        throw new CliError(
          EXIT_CODES.AUTH,
          `nobody is logged in to ${db.path}`,
          "run withings login first",
        );
      }
      // Detail is fetched for what its parents list: asked alone, it would find nothing.
      const { datasets, added } = withParents(flags.datasets ?? SYNC_DATASETS);
      for (const parent of added) {
        const children = (flags.datasets ?? []).filter((d) => DATASET_PARENTS[d]?.includes(parent));
        io.stderr.write(
          `withings: ${children.join(", ")} ${children.length === 1 ? "is" : "are"} fetched for what ${parent} lists: syncing ${parent} too\n`,
        );
      }
      const report = await runSyncWithProgress({
        ctx,
        client,
        store: db.store,
        meter,
        datasets,
        json: flags.json === true,
        run: {
          users,
          ...(flags.since === undefined ? {} : { since: flags.since }),
          ...(flags.reconcileDays === undefined ? {} : { reconcileDays: flags.reconcileDays }),
        },
      });
      if (flags.json === true)
        io.stdout.write(`${JSON.stringify({ type: "report", ...report })}\n`);
      else io.stdout.write(`${syncSummary(report, datasets)}\n`);
      printWarnings(
        io.stderr,
        report.users.flatMap((u) => u.warnings.map((w) => `user ${u.userId}: ${w}`)),
      );
      throwIfSyncFailed(ctx, report, "sync interrupted; what was committed is kept");
    } finally {
      await db.close();
    }
  });
}
