import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import {
  exportFhir,
  exportParquet,
  exportRows,
  type Store,
  SYNC_DATASETS,
  type SyncDataset,
} from "@withings-kit/sync";
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

const FORMATS = ["csv", "ndjson", "json", "parquet", "fhir", "fhir-bundle"] as const;
type Format = (typeof FORMATS)[number];

interface ExportFlags extends StorageFlags {
  readonly format: Format;
  readonly dataset?: SyncDataset;
  readonly from?: number;
  readonly to?: number;
  readonly user?: string;
  readonly out?: string;
}

interface Selection {
  readonly userId?: string;
  readonly from?: number;
  readonly to?: number;
}

/** What one format writes; each streams from the store with bounded memory. */
function writer(
  flags: ExportFlags,
  selection: Selection,
): (store: Store, out: Writable, end: boolean) => Promise<{ readonly count: number }> {
  const { format } = flags;
  if (format === "fhir" || format === "fhir-bundle") {
    const form = format === "fhir" ? "ndjson" : "bundle";
    return async (store, out, end) => ({
      count: (await exportFhir(store, { ...selection, form, end }, out)).resources,
    });
  }
  const dataset = flags.dataset as SyncDataset;
  if (format === "parquet") {
    return async (store, out, end) => ({
      count: (await exportParquet(store, { ...selection, dataset, end }, out)).rows,
    });
  }
  return async (store, out, end) => ({
    count: (await exportRows(store, { ...selection, dataset, format, end }, out)).rows,
  });
}

/**
 * `withings export`: streams the database to stdout or a file with bounded memory (a
 * ten-year export never sits in memory): one dataset as CSV, NDJSON or JSON (the client's
 * `toRows` layout, as `exportRows` writes it) or as a typed Parquet file (`exportParquet`),
 * or every user's vital signs and body measures as FHIR R4 resources, NDJSON or one
 * transaction Bundle (`exportFhir`).
 *
 * @example
 * ```ts
 * await runCli(["export", "--dataset", "measures", "--format", "csv", "--out", "measures.csv"], io);
 * ```
 */
export function exportCommand(ctx: CommandContext): Command {
  const command = new Command("export")
    .summary("stream a dataset as CSV, NDJSON, JSON or Parquet, or the vitals as FHIR R4")
    .description(
      "Streams the stored rows of one dataset to stdout or --out, oldest first, as CSV, NDJSON, JSON or Parquet; or the measures as FHIR R4 Observations with their Patients and Devices (fhir: NDJSON, fhir-bundle: one transaction Bundle). --from is inclusive and --to exclusive; a bare date means 00:00 UTC.",
    )
    .addOption(
      new Option("--format <format>", "output format").choices([...FORMATS]).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--dataset <dataset>",
        "the dataset to export (required, except for fhir and fhir-bundle)",
      ).choices([...SYNC_DATASETS]),
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
    const fhir = flags.format === "fhir" || flags.format === "fhir-bundle";
    if (fhir && flags.dataset !== undefined) {
      throw new CliError(
        EXIT_CODES.USAGE,
        `--format ${flags.format} exports the measures as FHIR resources: leave out --dataset`,
      );
    }
    if (!fhir && flags.dataset === undefined) {
      throw new CliError(EXIT_CODES.USAGE, `--format ${flags.format} needs --dataset`);
    }
    if (flags.format === "parquet" && flags.out === undefined && io.stdout.isTTY === true) {
      throw new CliError(
        EXIT_CODES.USAGE,
        "a Parquet file is binary: write it with --out FILE or redirect stdout",
      );
    }
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const db = await openDatabase(settings.dbPath, { readonly: true, stderr: io.stderr });
    try {
      const write = writer(flags, {
        ...(flags.user === undefined ? {} : { userId: flags.user }),
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(flags.to === undefined ? {} : { to: flags.to }),
      });
      if (flags.out === undefined) {
        try {
          await write(db.store, io.stdout, false);
        } catch (error) {
          // The reader went away (`| head`): not a failure of the export.
          if (systemCode(error) !== "EPIPE") throw error;
        }
        return;
      }
      const out = resolve(io.cwd ?? process.cwd(), flags.out);
      // Written beside the target and renamed at the end, so a failed export never leaves
      // a truncated file where a complete one was expected. Mode 0600: this is health data.
      const temp = join(dirname(out), `.${basename(out)}.${randomUUID()}.tmp`);
      try {
        const file = createWriteStream(temp, { flags: "wx", mode: 0o600 });
        const { count } = await write(db.store, file, true);
        await rename(temp, out);
        io.stderr.write(
          fhir
            ? `Exported ${count} FHIR resources to ${out}\n`
            : `Exported ${count} ${flags.dataset} rows to ${out}\n`,
        );
      } catch (error) {
        await rm(temp, { force: true });
        const code = systemCode(error);
        if (code !== undefined && PATH_ERRORS.has(code)) {
          throw new CliError(EXIT_CODES.USAGE, `cannot write ${out} (${code})`);
        }
        throw error;
      }
    } finally {
      await db.close();
    }
  });
}

// The system error behind a failed write: the stream's own, or the one a store error wraps
// (the Parquet writer reports its output's failure as `STORE_IO` with the cause kept).
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("E") && !code.startsWith("STORE")) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
