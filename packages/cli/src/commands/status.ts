import { sqliteHandle } from "@withings-kit/sync/internal";
import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { type CliDatabase, openDatabase } from "../database/open-database.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { formatInstant } from "../output/format-instant.js";
import { formatTable } from "../output/format-table.js";
import { printWarnings } from "../output/print-warnings.js";
import type { UserStatus } from "../output/user-status.js";

interface StatusFlags extends StorageFlags {
  readonly json?: boolean;
}

/**
 * The users whose login the service (`withings serve`, `withings worker`) found revoked or
 * refused, and who have not logged in again since. Only the service records it, in its
 * `service_users` table; a database without that table records nothing (empty map).
 */
async function deadLogins(db: CliDatabase): Promise<Map<string, "revoked" | "refused">> {
  const dead = new Map<string, "revoked" | "refused">();
  if (db.sqlite === undefined) return dead;
  const { SqliteServiceUsers } = await import("@withings-kit/server");
  let users: InstanceType<typeof SqliteServiceUsers>;
  try {
    // Its statements are prepared here: a database the service never ran on lacks the table.
    users = new SqliteServiceUsers(sqliteHandle(db.sqlite).database);
  } catch {
    return dead;
  }
  const records = (await users.list()).filter((u) => u.status !== "linked");
  // `active` counts a user who logged in again since they were marked as linked.
  const again = new Set(await users.active(records.map((u) => u.userId)));
  for (const u of records) {
    if (!again.has(u.userId)) dead.set(u.userId, u.status === "revoked" ? "revoked" : "refused");
  }
  return dead;
}

/**
 * `withings status`: the users of the database, when their access token expires, whether
 * their login was found revoked, and per dataset the rows stored and the last sync. Opens
 * the database read only; never calls the API.
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
    const db = await openDatabase(settings.dbPath, { readonly: true, stderr: io.stderr });
    const users: UserStatus[] = [];
    try {
      const dead = await deadLogins(db);
      const ids = new Set([...(await db.tokens.list()), ...(await db.store.users())]);
      for (const userId of [...ids].sort()) {
        const tokens = await db.tokens.get(userId);
        const datasets: Record<string, { rows: number; lastSyncAt: string | null }> = {};
        for (const [dataset, { rows, lastSyncAt }] of Object.entries(
          await db.store.datasetStatus(userId),
        )) {
          datasets[dataset] = {
            rows,
            lastSyncAt: lastSyncAt === null ? null : new Date(lastSyncAt * 1000).toISOString(),
          };
        }
        users.push({
          userId,
          tokens:
            tokens === undefined
              ? null
              : { expiresAt: new Date(tokens.expiresAt).toISOString(), scope: [...tokens.scope] },
          login: dead.get(userId) ?? "unknown",
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
        if (user.login !== "unknown") {
          text +=
            user.login === "revoked"
              ? "  login: revoked (the user unlinked the app); log in again to sync (withings login)\n"
              : "  login: refused at the last token refresh; log in again to sync (withings login)\n";
        }
        // The database cannot tell a live refresh token from a dead one until it is used:
        // say when the access token expires, never that the login is valid.
        text +=
          expires > now
            ? `  access token: expires ${formatInstant(expires)} (renewed automatically while the login is valid)\n`
            : `  access token: expired ${formatInstant(expires)} (renewed at the next sync while the login is valid)\n`;
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
