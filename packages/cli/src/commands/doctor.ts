import { diagnose } from "@withings-kit/server";
import { Command } from "commander";
import { createCliClient } from "../api/create-cli-client.js";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { type AppFlags, addAppOptions } from "../options/common-options.js";
import { printWarnings } from "../output/print-warnings.js";
import { redactUrlCredentials } from "../output/redact-url-credentials.js";

interface DoctorFlags extends AppFlags {
  readonly publicUrl?: string;
}

/**
 * `withings doctor`: checks a deployment and says in plain words what to fix: the app's
 * credentials, the public callback (HEAD through the public URL, with the token from
 * `WITHINGS_WEBHOOK_TOKEN`), every user's login and subscriptions. Exits 0 when all is
 * well, else with the code of the first problem (credentials 3, callback or API 5, a dead
 * login 4, subscriptions 7).
 *
 * @example
 * ```ts
 * await runCli(["doctor", "--db", "study.db", "--public-url", "https://kit.example.org"], io);
 * ```
 */
export function doctorCommand(ctx: CommandContext): Command {
  const command = new Command("doctor")
    .summary("check credentials, the public callback, logins and subscriptions")
    .description(
      "Checks what withings serve needs and says what to fix: the app's credentials, the public callback URL (a HEAD through it; the token from WITHINGS_WEBHOOK_TOKEN), each user's login, and each user's subscriptions at the callback.",
    )
    .option("--public-url <url>", "the https origin Withings calls");
  addAppOptions(command, { redirect: false });
  return command.action(async (flags: DoctorFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    const credentials = requireCredentials(settings);
    ctx.secrets.add(credentials.clientSecret);
    const token = io.env["WITHINGS_WEBHOOK_TOKEN"];
    if (token !== undefined && token !== "") ctx.secrets.add(token);
    const db = await openDatabase(settings.dbPath, { stderr: io.stderr });
    try {
      const client = createCliClient(credentials, {
        cloud: settings.cloud,
        rateLimit: settings.rateLimit,
        tokenStore: db.tokens,
      });
      ctx.apiUrl = client.apiUrl;
      const findings = await diagnose({
        client,
        ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
        ...(token === undefined || token === "" ? {} : { webhookToken: token }),
      });
      if (flags.publicUrl !== undefined && (token === undefined || token === "")) {
        io.stdout.write(
          "!! callback: WITHINGS_WEBHOOK_TOKEN is not set, so the callback was not checked\n",
        );
      }
      for (const f of findings) {
        let text = `${f.ok ? "ok" : "!!"} ${f.check}: ${f.message}\n`;
        if (!f.ok && f.fix !== undefined) text += `   fix: ${f.fix}\n`;
        // A finding names the API's URL, which must not show a password.
        io.stdout.write(redactUrlCredentials(text));
      }
      const first = findings.find((f) => !f.ok);
      if (first !== undefined) {
        const code: Record<typeof first.check, ExitCode> = {
          credentials: EXIT_CODES.CONFIG,
          api: EXIT_CODES.UNREACHABLE,
          callback: EXIT_CODES.UNREACHABLE,
          login: EXIT_CODES.AUTH,
          subscriptions: EXIT_CODES.API,
        };
        throw new CliError(
          code[first.check],
          `${findings.filter((f) => !f.ok).length} problem(s) found`,
          "see the fixes above",
        );
      }
      io.stdout.write("All checks passed.\n");
    } finally {
      await db.close();
    }
  });
}
