import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { RequestMeter, SYNC_DATASETS } from "@withings-kit/sync";
import { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { defaultPaths } from "../config/default-paths.js";
import { openDatabase } from "../database/open-database.js";
import { latestVitals, type VitalReading } from "../demo/latest-vitals.js";
import { sandboxConsentBrowser } from "../demo/sandbox-consent-browser.js";
import { EXIT_CODES } from "../exit-codes.js";
import { browserLogin } from "../login/browser-login.js";
import { parseIntegerOption } from "../options/parse-integer-option.js";
import { parseNumberOption } from "../options/parse-number-option.js";
import { formatTable } from "../output/format-table.js";
import { runSyncWithProgress, throwIfSyncFailed } from "../progress/run-sync-with-progress.js";

interface DemoFlags {
  readonly years: number;
  readonly db?: string;
  readonly force?: boolean;
  readonly seed: number;
  readonly rateLimit: number;
}

/** The free plan's quota, to say what the raised demo limit saves. */
const STANDARD_LIMIT = 120;

/**
 * `withings demo`: the whole main job in one command, against a sandbox started in-process
 * on a loopback port. It creates a vitals-study user, logs in through the sandbox's consent
 * page with the same code as `withings login` (authorize URL, consent approved for that
 * user, redirect to the loopback server, `state` check, code exchange), runs a full sync
 * with progress into a fresh demo database, and prints what was stored: rows per dataset,
 * the latest vitals, and the requests it took with the sandbox's count of 601 answers.
 *
 * The sandbox app and the client's limiter are raised to a partner-plan quota (3,000 a
 * minute by default), because a year of intraday and sleep detail is one request per day:
 * at the standard 120 a minute the sync would take minutes, not seconds.
 *
 * @example
 * ```ts
 * await runCli(["demo", "--years", "0.25", "--db", "demo.db"], io);
 * ```
 */
export function demoCommand(ctx: CommandContext): Command {
  return new Command("demo")
    .summary("sandbox, login, full sync and a look at the data, in one command")
    .description(
      "Starts a sandbox, creates a vitals-study user, logs in through the sandbox's consent page, syncs everything into a fresh demo database and shows what was stored.",
    )
    .option("--years <n>", "years of history of the demo user", parseNumberOption(50), 1)
    .option("--db <path>", "the demo database (default: demo.db in the data directory)")
    .option("--force", "replace the --db file if it exists")
    .option("--seed <n>", "seed of the synthetic data", parseIntegerOption(0, 2 ** 32 - 1), 42)
    .option(
      "--rate-limit <n>",
      "the sandbox app's and the client's quota, requests per minute",
      parseIntegerOption(1, 1_000_000),
      3000,
    )
    .action(async (flags: DemoFlags) => {
      const { io } = ctx;
      const started = performance.now();
      const dbPath = await freshDatabasePath(flags, ctx);
      const out = (text: string): void => void io.stdout.write(text);

      const server = await startSandboxServer({
        host: "127.0.0.1",
        port: 0,
        seed: flags.seed,
        rateLimit: { limit: flags.rateLimit, windowSeconds: 60 },
      });
      const db = await openDatabase(dbPath, { create: true, stderr: io.stderr });
      try {
        const { clientId, clientSecret } = server.sandbox.defaultApp;
        out(
          `Withings Kit demo\n` +
            `  sandbox   ${server.url} (seed ${flags.seed}), app quota raised to ` +
            `${flags.rateLimit.toLocaleString("en-US")} requests/min (a partner-plan limit; the client's limiter matches)\n`,
        );
        const { userid } = server.sandbox.createUser({
          profile: "vitals-study",
          years: flags.years,
        });
        out(
          `  user      ${userid}: a vitals-study user with ${flags.years} ${flags.years === 1 ? "year" : "years"} of history\n`,
        );

        const meter = new RequestMeter();
        const client = createWithingsClient({
          clientId,
          clientSecret,
          cloud: server.url,
          tokenStore: db.tokens,
          rateLimiter: new TokenBucket({ limit: flags.rateLimit, windowMs: 60_000 }),
          onEvent: meter.onEvent,
        });
        ctx.apiUrl = client.apiUrl;
        const login = await browserLogin({
          client,
          redirectUri: undefined,
          openBrowser: true,
          openUrl: sandboxConsentBrowser(userid),
          io,
          timeoutMs: 30_000,
          secrets: ctx.secrets,
          quiet: true,
        });
        out(
          `  login     consent page approved for ${login.tokens.userId} → redirect to ${login.redirectUri}\n` +
            `            → state checked, code exchanged; tokens stored in the database\n`,
        );

        out("  sync      full sync of every dataset…\n");
        const report = await runSyncWithProgress({
          ctx,
          client,
          store: db.store,
          meter,
          datasets: SYNC_DATASETS,
          json: false,
          run: { users: [login.tokens.userId] },
        });
        throwIfSyncFailed(ctx, report, "demo interrupted");

        const counts = await db.store.counts(login.tokens.userId);
        const user = report.users[0];
        const rows = SYNC_DATASETS.map((dataset) => [
          dataset,
          counts[dataset] ?? 0,
          user?.datasets.find((d) => d.dataset === dataset)?.requests ?? 0,
        ]);
        out(`\nStored in ${db.path}:\n`);
        out(`${indent(formatTable(["dataset", "rows", "requests"], rows))}\n`);

        const vitals = await latestVitals(db.store, login.tokens.userId);
        const line = (
          label: string,
          reading: VitalReading | undefined,
          show: (v: readonly number[]) => string,
        ) =>
          `  ${label.padEnd(15)} ${reading === undefined ? "none" : `${show(reading.values).padEnd(28)} ${reading.when}`}\n`;
        out("\nLatest vitals:\n");
        out(
          line(
            "blood pressure",
            vitals.bloodPressure,
            (v) => `${v[0]}/${v[1]} mmHg${v[2] === undefined ? "" : `, pulse ${v[2]} bpm`}`,
          ) +
            line("pulse", vitals.pulse, (v) => `${v[0]} bpm`) +
            line("SpO2", vitals.spo2, (v) => `${v[0]} %`) +
            line("temperature", vitals.temperature, (v) => `${oneDecimal(v[0])} °C`) +
            line("weight", vitals.weight, (v) => `${oneDecimal(v[0])} kg`),
        );

        const stats = server.sandbox.stats();
        // A full bucket lets the first minute's worth through at once; each further batch
        // waits for the window to roll over.
        const standardMinutes = Math.floor(Math.max(0, meter.total - 1) / STANDARD_LIMIT);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        out(
          `\nRequests: ${meter.total} sent by the client (${report.totals.requests} for the sync), ` +
            `${stats.requests.total} API requests served by the sandbox, ` +
            `${stats.tooManyRequests.total} answered 601 (too many requests).\n` +
            `At the standard ${STANDARD_LIMIT} requests/min the sync would have waited about ` +
            `${standardMinutes} min for the quota; with the raised quota the whole demo took ${seconds} s.\n\n` +
            "Look around (the sandbox has stopped, the data stays):\n" +
            `  withings status --db ${quote(db.path)}\n` +
            `  withings export --db ${quote(db.path)} --dataset measures --format csv\n` +
            `  withings dashboard --db ${quote(db.path)} --open\n`,
        );
      } finally {
        await db.close();
        await server.close();
      }
    });
}

// The demo writes a fresh database each run. Its default file is its own and is replaced;
// a file named with --db might be anything (a real database) and is replaced only with --force.
async function freshDatabasePath(flags: DemoFlags, ctx: CommandContext): Promise<string> {
  const { io } = ctx;
  const path =
    flags.db === undefined
      ? defaultPaths(io).demoDatabase
      : resolve(io.cwd ?? process.cwd(), flags.db);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (exists && flags.db !== undefined && flags.force !== true) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `${path} exists; the demo writes a fresh database`,
      "pass --force to replace it, or another --db",
    );
  }
  for (const suffix of ["", "-wal", "-shm", "-journal"])
    await rm(`${path}${suffix}`, { force: true });
  return path;
}

// Display only: the database keeps the exact values.
function oneDecimal(value: number | undefined): string {
  return value === undefined ? "?" : String(Math.round(value * 10) / 10);
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
