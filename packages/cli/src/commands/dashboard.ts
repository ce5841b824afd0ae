import { startDashboard } from "@withings-kit/server";
import { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { openDatabase } from "../database/open-database.js";
import { openBrowser } from "../login/open-browser.js";
import { addStorageOptions, type StorageFlags } from "../options/common-options.js";
import { listenError } from "../options/listen-error.js";
import { parseIntegerOption } from "../options/parse-integer-option.js";
import { printWarnings } from "../output/print-warnings.js";
import { waitForStop } from "../process/wait-for-stop.js";

interface DashboardFlags extends StorageFlags {
  readonly port: number;
  readonly host: string;
  readonly open?: boolean;
}

const LOOPBACK: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * `withings dashboard`: the dashboard of `@withings-kit/server` on the database, as a local
 * web app: the study view, each user's vitals and charts, and their ECG recordings. Reads
 * only (it never calls the API and never writes), fetches nothing from the network, and
 * stops on Ctrl-C or SIGTERM. It has no login of its own, so it listens on loopback unless
 * told otherwise; `withings serve` has the same pages behind its admin token.
 *
 * @example
 * ```ts
 * await runCli(["dashboard", "--db", "study.db", "--port", "8789", "--open"], io);
 * ```
 */
export function dashboardCommand(ctx: CommandContext): Command {
  const command = new Command("dashboard")
    .summary("browse the database: vitals, charts, ECG and a study view, on 127.0.0.1")
    .description(
      "Serves the dashboard on a local port: a study view of every user (latest vitals, days since the last reading, readings out of range, data freshness), each user's charts (blood pressure, heart rate, SpO2, temperature, weight and body composition, steps, sleep) and ECG recordings. Reads the database only; works without a network. Stop it with Ctrl-C.",
    )
    .option("--port <n>", "TCP port, 0 for a free one", parseIntegerOption(0, 65_535), 8789)
    .option(
      "--host <host>",
      "interface to bind (the dashboard has no login: anything but loopback shows the data to the network)",
      "127.0.0.1",
    )
    .option("--open", "open the dashboard in the browser");
  addStorageOptions(command);
  return command.action(async (flags: DashboardFlags) => {
    const { io } = ctx;
    const settings = await resolveSettings(flags, io);
    printWarnings(io.stderr, settings.warnings);
    if (!LOOPBACK.has(flags.host)) {
      io.stderr.write(
        `withings: warning: listening on ${flags.host}: the dashboard has no login, so anyone who reaches it reads the health data\n`,
      );
    }
    const db = await openDatabase(settings.dbPath, { readonly: true, stderr: io.stderr });
    try {
      const running = await startDashboard({
        store: db.store,
        port: flags.port,
        host: flags.host,
      }).catch((error: unknown) => {
        throw listenError(error, flags.host, flags.port);
      });
      try {
        const { url } = running;
        io.stdout.write(
          `Withings Kit dashboard at ${url} (database ${db.path}, read only)\nPress Ctrl-C to stop.\n`,
        );
        if (flags.open === true) {
          const open =
            io.openUrl ?? ((u: string) => openBrowser(u, io.platform ?? process.platform));
          await open(url).catch(() => io.stderr.write(`Open ${url} in your browser.\n`));
        }
        await waitForStop(io.signal);
      } finally {
        await running.close();
      }
      io.stderr.write("Dashboard stopped.\n");
    } finally {
      await db.close();
    }
  });
}
