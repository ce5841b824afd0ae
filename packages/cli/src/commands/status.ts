import { SYNC_DATASETS } from "@withings-kit/sync";
import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { formatInstant } from "../output/format-instant.js";
import { formatTable } from "../output/format-table.js";
import { printWarnings } from "../output/print-warnings.js";
import type { UserStatus } from "../output/user-status.js";

interface StatusFlags extends StorageFlags {
  readonly json?: boolean;
}

/**
 * `withings status`: the users of the database, when their access token expires, and per
 * dataset the rows stored and the last sync. Reads only; never calls the API.
 *
 * @example
 * ```ts
 * await runCli(["status", "--json"], io);
 * ```
 */
export function statusCommand(ctx: CommandContext): Command {
  const command = new Command("status")
    .summary("show users, token expiry, last sync and rows per dataset")
    .option("--json", "print JSON");
  addStorageOptions(command);
  return command.action(async (flags: StatusFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const db = await openDatabase(settings.dbPath, { create: false });
    const users: UserStatus[] = [];
    try {
      const ids = new Set([...(await db.tokens.list()), ...(await db.store.users())]);
      for (const userId of [...ids].sort()) {
        const tokens = await db.tokens.get(userId);
        const counts = await db.store.counts(userId);
        const datasets: Record<string, { rows: number; lastSyncAt: string | null }> = {};
        for (const dataset of SYNC_DATASETS) {
          const state = await db.store.getState(userId, dataset);
          const last = state?.lastSyncAt ?? null;
          datasets[dataset] = {
            rows: counts[dataset] ?? 0,
            lastSyncAt: last === null ? null : new Date(last * 1000).toISOString(),
          };
        }
        users.push({
          userId,
          tokens:
            tokens === undefined
              ? null
              : { expiresAt: new Date(tokens.expiresAt).toISOString(), scope: [...tokens.scope] },
          datasets,
        });
      }
    } finally {
      await db.close();
    }

    if (flags.json === true) {
      io.stdout.write(`${JSON.stringify({ database: db.path, users }, null, 2)}\n`);
      return;
    }
    let text = `Database: ${db.path}\n`;
    if (users.length === 0) text += "Nobody is logged in. Run: withings login\n";
    const now = Date.now();
    for (const user of users) {
      text += `\nUser ${user.userId}\n`;
      if (user.tokens === null) {
        text += "  tokens: none stored; log in again to sync (withings login)\n";
      } else {
        const expires = Date.parse(user.tokens.expiresAt);
        text +=
          expires > now
            ? `  access token: valid until ${formatInstant(expires)} (renewed automatically)\n`
            : `  access token: expired ${formatInstant(expires)} (renewed at the next sync)\n`;
        text += `  scope: ${user.tokens.scope.join(", ") || "not stated"}\n`;
      }
      const rows = Object.entries(user.datasets).map(([dataset, d]) => [
        dataset,
        d.rows,
        d.lastSyncAt === null ? "never" : formatInstant(Date.parse(d.lastSyncAt)),
      ]);
      const table = formatTable(["dataset", "rows", "last sync"], rows);
      text += `${table.replace(/^/gm, "  ")}\n`;
    }
    io.stdout.write(text);
  });
}
