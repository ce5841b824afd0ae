import { WithingsApiError } from "@withings-kit/client";
import { Command } from "commander";
import { createCliClient } from "../api/create-cli-client.js";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { EXIT_CODES } from "../exit-codes.js";
import { type AppFlags, addAppOptions } from "../options/common-options.js";
import { printWarnings } from "../output/print-warnings.js";

interface LogoutFlags extends AppFlags {
  readonly user?: string;
}

/**
 * `withings logout`: withdraws the app's access to a user at Withings (a signed revoke) and
 * forgets the user's tokens. The synced data stays in the database.
 *
 * If the API refuses the revoke (access already withdrawn from the Withings account), the
 * tokens are forgotten anyway: they can no longer be used. If the API cannot be reached,
 * nothing is forgotten, so the command can simply be run again.
 *
 * @example
 * ```ts
 * await runCli(["logout", "--user", "12345"], io);
 * ```
 */
export function logoutCommand(ctx: CommandContext): Command {
  const command = new Command("logout")
    .summary("revoke the app's access for a user and forget the tokens")
    .option("--user <id>", "the user to log out (needed when several are logged in)");
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: LogoutFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const credentials = requireCredentials(settings);
    ctx.secrets.add(credentials.clientSecret);
    const db = await openDatabase(settings.dbPath, { stderr: io.stderr });
    try {
      const client = createCliClient(credentials, {
        cloud: settings.cloud,
        rateLimit: settings.rateLimit,
        tokenStore: db.tokens,
      });
      ctx.apiUrl = client.apiUrl;
      const users = await client.users();
      let userId = flags.user;
      if (userId === undefined) {
        if (users.length === 0) {
          io.stdout.write(`Nobody is logged in to ${db.path}.\n`);
          return;
        }
        if (users.length > 1) {
          throw new CliError(
            EXIT_CODES.USAGE,
            `several users are logged in (${users.join(", ")}); say which with --user`,
          );
        }
        userId = users[0] as string;
      } else if (!users.includes(userId)) {
        throw new CliError(EXIT_CODES.AUTH, `user ${userId} is not logged in to ${db.path}`);
      }
      try {
        await client.revoke(userId);
        io.stdout.write(
          `Revoked the app's access for user ${userId} and forgot the tokens. Synced data is kept.\n`,
        );
      } catch (error) {
        // Forget the tokens only when the API says the link is already gone (247: no such
        // user for this app; 250: the user does not share data with it). Any other refusal —
        // a bad signature or secret, a used nonce — means nothing was revoked: the tokens
        // are the only handle to revoke later, so they are kept and the error reported.
        if (
          !(error instanceof WithingsApiError) ||
          (error.status !== 247 && error.status !== 250)
        ) {
          throw error;
        }
        await db.tokens.delete(userId);
        io.stderr.write(
          `withings: warning: the API refused the revoke (${error.message}); access may already be withdrawn.\n`,
        );
        io.stdout.write(`Forgot the tokens of user ${userId}. Synced data is kept.\n`);
      }
    } finally {
      await db.close();
    }
  });
}
