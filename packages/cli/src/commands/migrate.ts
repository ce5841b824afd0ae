import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { printWarnings } from "../output/print-warnings.js";

interface MigrateFlags extends StorageFlags {
  readonly json?: boolean;
}

/**
 * `withings migrate`: creates the database, or brings its schema up to date, and says which
 * migrations ran. Every command migrates on open anyway; this one does only that, for a
 * deployment step that runs before the workers start (several workers starting on a new
 * PostgreSQL database would wait for one another's migration otherwise).
 *
 * @example
 * ```ts
 * await runCli(["migrate", "--db", "postgres://kit@db.internal/withings"], io);
 * ```
 */
export function migrateCommand(ctx: CommandContext): Command {
  const command = new Command("migrate")
    .summary("create the database or bring its schema up to date")
    .option("--json", "print JSON");
  addStorageOptions(command);
  return command.action(async (flags: MigrateFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const db = await openDatabase(settings.dbPath, { create: true });
    try {
      const applied = db.migrations.map((m) => m.migrationName);
      if (flags.json === true) {
        io.stdout.write(`${JSON.stringify({ database: db.path, applied })}\n`);
      } else if (applied.length === 0) {
        io.stdout.write(`The schema of ${db.path} is up to date.\n`);
      } else {
        io.stdout.write(`Migrated ${db.path}: ${applied.join(", ")}\n`);
      }
    } finally {
      await db.close();
    }
  });
}
