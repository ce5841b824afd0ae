import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { exportRows, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import { Command, Option } from "commander";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { EXIT_CODES } from "../exit-codes.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { parseDateOption } from "../options/parse-date-option.js";
import { printWarnings } from "../output/print-warnings.js";

// Errors that mean the --out path is wrong, rather than the machine or the export.
const PATH_ERRORS: ReadonlySet<string> = new Set([
  "ENOENT",
  "ENOTDIR",
  "EISDIR",
  "EACCES",
  "EPERM",
  "EROFS",
]);

interface ExportFlags extends StorageFlags {
  readonly format: "csv" | "ndjson" | "json";
  readonly dataset: SyncDataset;
  readonly from?: number;
  readonly to?: number;
  readonly user?: string;
  readonly out?: string;
}

/**
 * `withings export`: streams one dataset from the database as CSV, NDJSON or JSON, to
 * stdout or a file, a page of rows at a time (a ten-year export never sits in memory). The
 * rows are the client's `toRows` layout, as `@withings-kit/sync`'s `exportRows` writes them.
 *
 * @example
 * ```ts
 * await runCli(["export", "--dataset", "measures", "--format", "csv", "--out", "measures.csv"], io);
 * ```
 */
export function exportCommand(ctx: CommandContext): Command {
  const command = new Command("export")
    .summary("stream a dataset as CSV, NDJSON or JSON")
    .description(
      "Streams the stored rows of one dataset to stdout or --out, oldest first. --from is inclusive and --to exclusive; a bare date means 00:00 UTC.",
    )
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["csv", "ndjson", "json"])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--dataset <dataset>", "the dataset to export")
        .choices([...SYNC_DATASETS])
        .makeOptionMandatory(),
    )
    .option(
      "--from <date>",
      "from this instant, inclusive (YYYY-MM-DD, ISO or epoch s)",
      parseDateOption,
    )
    .option("--to <date>", "up to this instant, exclusive", parseDateOption)
    .option("--user <id>", "only this user")
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout");
  addStorageOptions(command);
  return command.action(async (flags: ExportFlags) => {
    const { io } = ctx;
    if (flags.from !== undefined && flags.to !== undefined && flags.to <= flags.from) {
      throw new CliError(EXIT_CODES.USAGE, "--to must be after --from");
    }
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const db = await openDatabase(settings.dbPath, { create: false });
    try {
      const options = {
        dataset: flags.dataset,
        format: flags.format,
        ...(flags.user === undefined ? {} : { userId: flags.user }),
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(flags.to === undefined ? {} : { to: flags.to }),
      };
      if (flags.out === undefined) {
        try {
          await exportRows(db.store, { ...options, end: false }, io.stdout);
        } catch (error) {
          // The reader went away (`| head`): not a failure of the export.
          if ((error as { code?: unknown }).code !== "EPIPE") throw error;
        }
        return;
      }
      const out = resolve(io.cwd ?? process.cwd(), flags.out);
      // Written beside the target and renamed at the end, so a failed export never leaves
      // a truncated file where a complete one was expected. Mode 0600: this is health data.
      const temp = join(dirname(out), `.${basename(out)}.${randomUUID()}.tmp`);
      try {
        const file = createWriteStream(temp, { flags: "wx", mode: 0o600 });
        const { rows } = await exportRows(db.store, options, file);
        await rename(temp, out);
        io.stderr.write(`Exported ${rows} ${flags.dataset} rows to ${out}\n`);
      } catch (error) {
        await rm(temp, { force: true });
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string" && PATH_ERRORS.has(code)) {
          throw new CliError(EXIT_CODES.USAGE, `cannot write ${out} (${code})`);
        }
        throw error;
      }
    } finally {
      await db.close();
    }
  });
}
