import { SERVICE_MIGRATIONS } from "@withings-kit/server";
import type { MigrationResult } from "@withings-kit/sync";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { migrateSqlite } from "@withings-kit/sync/sqlite";
import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { type CliDatabase, openDatabase } from "../database/open-database.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { printWarnings } from "../output/print-warnings.js";

interface MigrateFlags extends StorageFlags {
  readonly json?: boolean;
}

/**
 * `withings migrate`: creates the database, or brings its schema up to date (the synced data's
 * tables and the service's), and says which migrations ran. Every command migrates on open anyway; this one does only that, for a
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
    const db = await openDatabase(settings.dbPath, { create: true, stderr: io.stderr });
    try {
      const applied = db.migrations.map((m) => m.migrationName);
      const service = (await migrateService(db)).map((m) => m.migrationName);
      if (flags.json === true) {
        io.stdout.write(`${JSON.stringify({ database: db.path, applied, service })}\n`);
      } else if (applied.length + service.length === 0) {
        io.stdout.write(`The schema of ${db.path} is up to date.\n`);
      } else {
        const all = [...applied, ...service.map((name) => `service ${name}`)];
        io.stdout.write(`Migrated ${db.path}: ${all.join(", ")}\n`);
      }
    } finally {
      await db.close();
    }
  });
}

// The service's tables (inbox, jobs, users), beside the data's, under their own record.
async function migrateService(db: CliDatabase): Promise<readonly MigrationResult[]> {
  const options = { table: "service_migrations" };
  let outcome: { readonly error?: Error; readonly results: readonly MigrationResult[] };
  if (db.sqlite !== undefined) {
    outcome = migrateSqlite(sqliteHandle(db.sqlite).database, SERVICE_MIGRATIONS, options);
  } else if (db.pool !== undefined) {
    const { POSTGRES_SERVICE_MIGRATIONS } = await import("@withings-kit/server/postgres");
    const { migratePostgres } = await import("@withings-kit/sync/postgres");
    outcome = await migratePostgres(db.pool, POSTGRES_SERVICE_MIGRATIONS, options);
  } else return [];
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.results;
}
