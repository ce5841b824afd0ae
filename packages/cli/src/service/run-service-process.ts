import {
  type RunningService,
  type ServiceDatabase,
  ServiceMetrics,
  type ServiceRole,
  SourceListError,
  type StartServiceOptions,
  sqliteServiceDatabase,
  startService,
} from "@withings-kit/server";
import { pino } from "pino";
import { createCliClient } from "../api/create-cli-client.js";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import type { CliSettings } from "../config/cli-settings.js";
import { requireCredentials } from "../config/require-credentials.js";
import { resolveSettings } from "../config/resolve-settings.js";
import { type CliDatabase, openDatabase } from "../database/open-database.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { AppFlags } from "../options/common-options.js";
import { listenError } from "../options/listen-error.js";
import { printWarnings } from "../output/print-warnings.js";
import { redactUrlCredentials } from "../output/redact-url-credentials.js";
import { waitForStop } from "../process/wait-for-stop.js";

// A token in a URL or a header is only as good as it is long and random.
export const MIN_TOKEN = 24;

/** The flags `serve` and `worker` share. */
export interface ServiceProcessFlags extends AppFlags {
  readonly port: number;
  readonly host: string;
  readonly catchUpMinutes: number;
  readonly concurrency: number;
  readonly mergedRereadMinutes: number;
}

/**
 * Runs one process of the service until Ctrl-C or SIGTERM: the database opened (its
 * service tables made or migrated), one client on the app's quota (shared with every
 * process of a PostgreSQL database), JSON logs on stderr, `/healthz`, `/readyz` and, with
 * `WITHINGS_ADMIN_TOKEN`, `/admin` and `/metrics`. `serve` and `worker` differ in `role`
 * and in what `extra` adds (the webhook's token, the public URL).
 */
export async function runServiceProcess(
  ctx: CommandContext,
  flags: ServiceProcessFlags,
  options: {
    readonly role: ServiceRole;
    /** The options of this role, from the settings (throws a `CliError` on bad ones). */
    readonly extra: (
      settings: CliSettings,
    ) => Partial<StartServiceOptions> & Pick<StartServiceOptions, "webhookToken">;
    /** What the process prints once it listens, before "Press Ctrl-C to stop." */
    readonly banner: (running: RunningService, place: string, admin: boolean) => string;
  },
): Promise<void> {
  const { io } = ctx;
  const settings = await resolveSettings(flags, io);
  printWarnings(io.stderr, settings.warnings);
  const credentials = requireCredentials(settings);
  ctx.secrets.add(credentials.clientSecret);
  const extra = options.extra(settings);
  const adminToken = io.env["WITHINGS_ADMIN_TOKEN"] ?? "";
  if (adminToken !== "" && adminToken.length < MIN_TOKEN) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `WITHINGS_ADMIN_TOKEN must be at least ${MIN_TOKEN} characters`,
      "leave it unset to turn /admin, /admin/status and /metrics off",
    );
  }
  if (adminToken !== "") ctx.secrets.add(adminToken);
  const metrics = new ServiceMetrics();
  const db = await openDatabase(settings.dbPath, { create: true, stderr: io.stderr });
  try {
    const database = await serviceTables(db);
    const client = createCliClient(credentials, {
      cloud: settings.cloud,
      rateLimit: settings.rateLimit,
      tokenStore: db.tokens,
      // Every process on one PostgreSQL database counts against one quota.
      rateLimiter: await db.sharedQuota(settings.rateLimit),
      onEvent: metrics.onClientEvent,
    });
    ctx.apiUrl = client.apiUrl;
    const running = await startService({
      ...extra,
      role: options.role,
      metrics,
      adminToken,
      store: db.store,
      database,
      client,
      port: flags.port,
      host: flags.host,
      catchUpSeconds: flags.catchUpMinutes * 60,
      concurrency: Math.max(1, flags.concurrency),
      mergedRereadSeconds: flags.mergedRereadMinutes * 60,
      logger: pino(
        {
          base: null,
          // The service logs no secret; these paths guard what a later change might add.
          redact: {
            paths: ["*.access_token", "*.refresh_token", "*.authorization", "*.client_secret"],
            censor: "[redacted]",
          },
        },
        { write: (line: string) => io.stderr.write(redactUrlCredentials(line)) },
      ),
    }).catch((error: unknown) => {
      if (error instanceof SourceListError) {
        throw new CliError(
          EXIT_CODES.UNREACHABLE,
          error.message,
          "check this machine's DNS, or start without --allow-withings-ips",
        );
      }
      throw listenError(error, flags.host, flags.port);
    });
    try {
      io.stdout.write(
        `${options.banner(running, db.path, adminToken !== "")}Press Ctrl-C to stop.\n`,
      );
      await waitForStop(io.signal);
    } finally {
      await running.close();
    }
    io.stderr.write("Service stopped.\n");
  } finally {
    await db.close();
  }
}

async function serviceTables(db: CliDatabase): Promise<ServiceDatabase> {
  if (db.sqlite !== undefined) return sqliteServiceDatabase(db.sqlite);
  const pool = db.pool;
  if (pool === undefined) throw new Error("a PostgreSQL database without its pool");
  const { PostgresServiceDatabase } = await import("@withings-kit/server/postgres");
  return PostgresServiceDatabase.open(pool);
}

/** The admin line of a banner. */
export function adminLine(url: string, admin: boolean): string {
  return admin
    ? `  admin         ${url}/admin (password WITHINGS_ADMIN_TOKEN), /admin/status, /admin/dashboard, /metrics\n`
    : "  admin         off (set WITHINGS_ADMIN_TOKEN for /admin, /admin/status, /admin/dashboard and /metrics)\n";
}
