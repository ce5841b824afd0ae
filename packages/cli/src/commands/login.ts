import { Command } from "commander";
import { createCliClient } from "../api/create-cli-client.js";
import type { CommandContext } from "../command-context.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { browserLogin } from "../login/browser-login.js";
import { importTokenAnswer } from "../login/import-token-answer.js";
import { openBrowser } from "../login/open-browser.js";
import { readTokenInput } from "../login/read-token-input.js";
import { type AppFlags, addAppOptions } from "../options/common-options.js";
import { parseIntegerOption } from "../options/parse-integer-option.js";
import { printWarnings } from "../output/print-warnings.js";

interface LoginFlags extends AppFlags {
  readonly browser: boolean;
  readonly importTokens?: string;
  readonly timeout: number;
}

/**
 * `withings login`: authorizes the app for a Withings user and stores the user's tokens in
 * the database, through the browser (loopback redirect or paste fallback) or from a token
 * answer (`--import-tokens`).
 *
 * @example
 * ```ts
 * await runCli(["login", "--no-browser", "--cloud", sandboxUrl], io);
 * ```
 */
export function loginCommand(ctx: CommandContext): Command {
  const command = new Command("login")
    .summary("log in to Withings and store the user's tokens")
    .description(
      "Opens the Withings consent page and receives the redirect on 127.0.0.1 (state checked), exchanging the code at once. With a redirect URI that is not local, paste the URL the browser was sent to. --import-tokens stores a token answer instead.",
    )
    .option("--no-browser", "print the consent URL instead of opening a browser")
    .option(
      "--import-tokens <file>",
      "store a token answer (requesttoken JSON body or envelope, or the sandbox's answer); - reads stdin",
    )
    .option(
      "--timeout <seconds>",
      "how long to wait for the redirect",
      parseIntegerOption(1, 86_400),
      300,
    );
  addAppOptions(command, { redirect: true });
  return command.action(async (flags: LoginFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const credentials = requireCredentials(settings);
    ctx.secrets.add(credentials.clientSecret);
    const db = await openDatabase(settings.dbPath, { create: true, stderr: io.stderr });
    try {
      const client = createCliClient(credentials, {
        cloud: settings.cloud,
        rateLimit: settings.rateLimit,
        tokenStore: db.tokens,
        redirectUri: settings.redirectUri,
      });
      ctx.apiUrl = client.apiUrl;
      let tokens: Awaited<ReturnType<typeof client.saveTokens>>;
      if (flags.importTokens !== undefined) {
        tokens = await importTokenAnswer(client, await readTokenInput(flags.importTokens, io));
        ctx.secrets.add(tokens.accessToken).add(tokens.refreshToken);
      } else {
        if (
          settings.redirectUri === undefined &&
          (settings.cloud === "eu" || settings.cloud === "us")
        ) {
          io.stderr.write(
            "withings: warning: no redirect URI is set; the Withings cloud accepts the free-port " +
              "loopback URL only if it is registered. Register http://127.0.0.1:8765/callback " +
              "and set WITHINGS_REDIRECT_URI to it.\n",
          );
        }
        ({ tokens } = await browserLogin({
          client,
          redirectUri: settings.redirectUri,
          openBrowser: flags.browser,
          openUrl: io.openUrl ?? ((url) => openBrowser(url, io.platform ?? process.platform)),
          io,
          timeoutMs: flags.timeout * 1000,
          secrets: ctx.secrets,
        }));
      }
      const scope = tokens.scope.length > 0 ? tokens.scope.join(", ") : "scope not stated";
      io.stdout.write(
        `Logged in as Withings user ${tokens.userId} (${scope}).\n` +
          `Tokens stored in ${db.path}. Next: withings sync\n`,
      );
    } finally {
      await db.close();
    }
  });
}
