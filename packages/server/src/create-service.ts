import { type Clock, systemClock, type WithingsClient } from "@withings-kit/client";
import {
  createSyncEngine,
  type Store,
  StoreError,
  type SyncEngineOptions,
} from "@withings-kit/sync";
import { SqliteStore } from "@withings-kit/sync/sqlite";
import { Hono } from "hono";
import { adminRouter } from "./admin/admin-router.js";
import { dashboardRouter } from "./dashboard/dashboard-router.js";
import { enrolmentRouter } from "./enrol/enrolment-router.js";
import { healthRouter } from "./health/health-router.js";
import { ServiceMetrics } from "./metrics/service-metrics.js";
import type { NotificationOutcome } from "./notifications/notification-inbox.js";
import type { JobQueue } from "./queue/job-queue.js";
import { CatchUpScheduler } from "./schedule/catch-up-scheduler.js";
import type { ServiceLogger } from "./service-logger.js";
import { serviceStatus } from "./status/service-status.js";
import { statusPage } from "./status/status-page.js";
import type { ServiceDatabase } from "./store/service-database.js";
import { sqliteServiceDatabase } from "./store/sqlite-service-database.js";
import { SubscriptionKeeper, type UpkeepReport } from "./subscriptions/subscription-keeper.js";
import type { ServiceUsers } from "./users/service-users.js";
import type { SourceAllowList } from "./webhook/source-allow-list.js";
import { webhookRouter } from "./webhook/webhook-router.js";
import { type SyncJobEvent, SyncWorker } from "./worker/sync-worker.js";

/**
 * Options of {@link createService}.
 *
 * @example
 * ```ts
 * const options: ServiceOptions = { store: openSqliteStore("withings.db"), client, webhookToken: "…" };
 * ```
 */
export interface ServiceOptions {
  /** The synced data. */
  readonly store: Store;
  /**
   * The service's own tables (inbox, jobs, users), in the store's database.
   * @default the SQLite store's file (`sqliteServiceDatabase`); a `PostgresStore` needs
   *   `PostgresServiceDatabase.open(store.pool)` of `@withings-kit/server/postgres`
   */
  readonly database?: ServiceDatabase;
  /**
   * What this process does, when several share one PostgreSQL database: `"receiver"`
   * takes webhooks and enrolments and queues their jobs, but runs none; `"worker"` runs
   * jobs and answers health checks and metrics only (no webhook, enrolment or
   * subscription upkeep: `webhookToken` and `publicUrl` are then unused). Every role
   * queues the scheduled catch-up, which merges into the same jobs. @default "all"
   */
  readonly role?: ServiceRole;
  /** One client for the whole service: its rate limiter is the app's quota. */
  readonly client: WithingsClient;
  /** The secret path segment of the webhook URL. */
  readonly webhookToken: string;
  /** The clock of "now" everywhere (the client's, so the sandbox's in tests). @default the system clock */
  readonly clock?: Clock;
  /** Seconds between two catch-ups of every user. @default 3600 */
  readonly catchUpSeconds?: number;
  /** Jobs run at once. @default 2 */
  readonly concurrency?: number;
  /** Seconds between two re-reads of a user's window for merged notifications (see `SyncWorker`). @default 600 */
  readonly mergedRereadSeconds?: number;
  /** Seconds a job's lease lasts without renewal. @default 120 */
  readonly leaseSeconds?: number;
  /** Milliseconds between looks at an empty queue. @default 5000 */
  readonly pollMs?: number;
  /** Seconds before a failed job's next try, by attempts. @default 30 s doubling, at most 1 h */
  readonly backoffSeconds?: (attempts: number) => number;
  /**
   * The public origin Withings calls (`https://kit.example.org`): with it, every user is
   * kept subscribed at `<publicUrl>/webhooks/withings/<token>`, at start and daily, and
   * participants enrol at `<publicUrl>/enrol?study=…&code=…` (the app's redirect URI must
   * be `<publicUrl>/enrol/callback`).
   */
  readonly publicUrl?: string;
  /** The `fetch` of the subscription upkeep's reachability check. @default globalThis.fetch */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Told of every subscription upkeep. */
  readonly onUpkeep?: (report: UpkeepReport) => void;
  /**
   * The bearer token of `/admin/status` and `/metrics`; without one they answer 404.
   */
  readonly adminToken?: string;
  /**
   * The metrics to count into; give the same object's `onClientEvent` to the client's
   * `onEvent` to count requests and 601s. @default metrics of the service only
   */
  readonly metrics?: ServiceMetrics;
  /** Where notifications, jobs and upkeep are logged. @default nowhere */
  readonly logger?: ServiceLogger;
  /** Days the inbox keeps a notification. @default 90 */
  readonly retentionDays?: number;
  /** The engine's own options (reconcile, sweep, leases). */
  readonly engine?: Omit<SyncEngineOptions, "client" | "store" | "clock" | "concurrency">;
  /** Told of every notification stored. */
  readonly onNotification?: (outcome: NotificationOutcome) => void;
  /** Only these sources may call the webhook (see `loadWithingsSources`). @default any */
  readonly webhookSources?: SourceAllowList;
  /** Behind a reverse proxy: the webhook's caller is the last `X-Forwarded-For` entry. */
  readonly trustProxy?: boolean;
  /** Told of every finished job. */
  readonly onJob?: (event: SyncJobEvent) => void;
}

/**
 * What one service process does (see {@link ServiceOptions.role}).
 *
 * @example
 * ```ts
 * const role: ServiceRole = "worker";
 * ```
 */
export type ServiceRole = "all" | "receiver" | "worker";

/**
 * The service, wired but not listening: `fetch` is its web app (webhooks, health), for
 * `@hono/node-server` or for tests in-process; `start` starts the worker and the catch-up;
 * `close` stops them gracefully (running jobs are given back) without closing the store.
 *
 * @example
 * ```ts
 * const service = createService({ store, client, webhookToken });
 * service.start();
 * await service.fetch(new Request(`http://x/webhooks/withings/${webhookToken}`, { method: "HEAD" }));
 * await service.close();
 * ```
 */
export interface Service {
  /** The web app; `env` is what `@hono/node-server` passes (the connection, for its peer). */
  readonly fetch: (request: Request, env?: unknown) => Promise<Response>;
  readonly app: Hono;
  readonly queue: JobQueue;
  readonly users: ServiceUsers;
  readonly database: ServiceDatabase;
  readonly metrics: ServiceMetrics;
  readonly worker: SyncWorker;
  readonly catchUp: CatchUpScheduler;
  /** Present when `publicUrl` was given. */
  readonly keeper: SubscriptionKeeper | undefined;
  start(): void;
  close(): Promise<void>;
}

/**
 * Wires the always-on service around a store and a client: the webhook receiver writes
 * each notification and its job in the store's file before it answers, a worker runs the
 * sync engine for each job (notifications first), and a scheduler queues a catch-up of
 * every user at start and every hour, which brings back notifications lost in transit or
 * while the service was down.
 *
 * @example
 * ```ts
 * const service = createService({ store: openSqliteStore("withings.db"), client, webhookToken });
 * service.start();
 * ```
 */
export function createService(options: ServiceOptions): Service {
  const { store, client } = options;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now() / 1000;
  const database = options.database ?? defaultDatabase(store);
  const role = options.role ?? "all";
  const { queue, users } = database;
  // One lookup, not a listing of every user's tokens, on the webhook's path.
  const known = async (userId: string) => (await client.tokenStore.get(userId)) !== undefined;
  const inbox = database.inbox(known);
  const engine = createSyncEngine({
    ...options.engine,
    client,
    store,
    clock,
    concurrency: 1,
  });
  const metrics = options.metrics ?? new ServiceMetrics();
  metrics.watch(queue, now);
  const worker = new SyncWorker({
    queue,
    engine,
    now,
    users,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.leaseSeconds === undefined ? {} : { leaseSeconds: options.leaseSeconds }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.mergedRereadSeconds === undefined
      ? {}
      : { mergedRereadSeconds: options.mergedRereadSeconds }),
    ...(options.backoffSeconds === undefined ? {} : { backoffSeconds: options.backoffSeconds }),
    onJob: (event) => {
      metrics.job(event);
      logJob(options.logger, event);
      options.onJob?.(event);
    },
  });
  const catchUp = new CatchUpScheduler({
    queue,
    users: async () => {
      // Each catch-up also forgets notifications older than the retention.
      await database.forget(now() - (options.retentionDays ?? 90) * 86_400);
      return users.active(await client.users());
    },
    now,
    ...(options.catchUpSeconds === undefined ? {} : { intervalSeconds: options.catchUpSeconds }),
    // One catch-up per interval among every process on the database; a process that
    // receives notifications makes one at start, as it missed those sent while it was down.
    claim: (at, everySeconds) => database.claimTurn("catch-up", at, everySeconds),
    startWhenDue: role === "worker",
  });
  const keeper =
    options.publicUrl === undefined || role === "worker"
      ? undefined
      : new SubscriptionKeeper({
          client,
          callbackUrl: `${options.publicUrl.replace(/\/+$/, "")}/webhooks/withings/${options.webhookToken}`,
          users: async () => users.active(await client.users()),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        });
  let upkeepTimer: ReturnType<typeof setInterval> | undefined;
  const upkeep = async () => {
    if (keeper === undefined) return;
    try {
      const report = await keeper.keep();
      if (report.callbackReachable) {
        options.logger?.info(
          { subscribed: report.subscribed, present: report.present, failed: report.failed },
          "subscriptions kept",
        );
      } else {
        options.logger?.warn(
          {},
          "the public callback URL does not answer HEAD: nothing subscribed",
        );
      }
      options.onUpkeep?.(report);
    } catch (error) {
      options.logger?.error({ error: errorName(error) }, "subscription upkeep failed");
    }
  };
  const app = new Hono();
  if (role !== "worker") {
    app.route(
      "/",
      webhookRouter({
        token: options.webhookToken,
        inbox,
        now,
        ...(options.webhookSources === undefined ? {} : { sources: options.webhookSources }),
        ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
        onNotification: (outcome) => {
          metrics.notification(outcome);
          if (outcome !== "queued")
            options.logger?.info({ outcome }, "notification recorded, nothing to sync");
          if (outcome === "queued") worker.wake();
          options.onNotification?.(outcome);
        },
      }),
    );
  }
  app.route(
    "/",
    healthRouter({
      queue,
      now,
      ping: () => database.ping(),
      ...(keeper === undefined ? {} : { callback: () => keeper.callbackAnswers() }),
    }),
  );
  app.route(
    "/",
    adminRouter({
      token: options.adminToken ?? "",
      status: () => serviceStatus({ store, client, database, now: now() }),
      page: async () => statusPage(await serviceStatus({ store, client, database, now: now() })),
      metrics: () => metrics.text(),
    }),
  );
  // Under /admin/, after the admin router: its guard on /admin/* runs first, so the dashboard
  // takes the same token, which a browser gives as the Basic password (404 when it is off).
  app.route(
    "/admin/dashboard",
    dashboardRouter({ store, basePath: "/admin/dashboard", now: () => clock.now() / 1000 }),
  );
  app.get("/admin/dashboard/", (c) => c.redirect("/admin/dashboard"));
  if (options.publicUrl !== undefined && role !== "worker") {
    app.route(
      "/",
      enrolmentRouter({
        enrolments: database.enrolments,
        users,
        client,
        publicUrl: options.publicUrl,
        now,
        enrolled: async (userId) => {
          await queue.enqueue({ userId, datasets: "all", priority: "notification", now: now() });
          worker.wake();
          const report = await keeper?.keep([userId]);
          options.logger?.info(
            {
              userId,
              subscribed: report?.subscribed ?? 0,
              callbackReachable: report?.callbackReachable,
            },
            "participant enrolled",
          );
        },
      }),
    );
  }
  let started = false;
  return {
    fetch: async (request, env) => app.fetch(request, env),
    app,
    queue,
    users,
    database,
    metrics,
    worker,
    catchUp,
    keeper,
    start() {
      if (started) return;
      started = true;
      if (role !== "receiver") worker.start();
      catchUp.start();
      if (keeper !== undefined) {
        void upkeep();
        upkeepTimer = setInterval(() => void upkeep(), 86_400_000);
        upkeepTimer.unref?.();
      }
    },
    async close() {
      clearInterval(upkeepTimer);
      catchUp.stop();
      await worker.stop();
    },
  };
}

function logJob(logger: ServiceLogger | undefined, event: SyncJobEvent): void {
  if (logger === undefined) return;
  const job = {
    userId: event.job.userId,
    datasets: event.job.datasets,
    attempts: event.job.attempts,
  };
  if (event.type === "done") {
    const t = event.report.totals;
    logger.info(
      { job, added: t.added, changed: t.changed, deleted: t.deleted, requests: t.requests },
      "job done",
    );
  } else if (event.type === "retry") {
    logger.warn({ job, retryAt: event.retryAt, error: event.error }, "job failed, will retry");
  } else {
    logger.warn(
      { job, error: event.error },
      "login dead: job dropped until the user logs in again",
    );
  }
}

function defaultDatabase(store: Store): ServiceDatabase {
  if (store instanceof SqliteStore) return sqliteServiceDatabase(store);
  throw new StoreError(
    "STORE_INVALID_ARGUMENT",
    "createService: give `database` for a store that is not SQLite (PostgresServiceDatabase for a PostgresStore)",
  );
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown error";
}
