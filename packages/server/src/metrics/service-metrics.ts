import type { ClientEvent } from "@withings-kit/client";
import { Counter, Gauge, Registry } from "prom-client";
import type { NotificationOutcome } from "../notifications/notification-inbox.js";
import type { JobQueue } from "../queue/job-queue.js";
import type { SyncJobEvent } from "../worker/sync-worker.js";

/**
 * The service's Prometheus metrics, in a registry of their own: notifications received by
 * outcome, jobs by result, Withings requests and 601 answers (wire `onClientEvent` to the
 * client's `onEvent`), and the queue (jobs due, running and waiting, and how long the
 * oldest due job has waited: the sync lag).
 *
 * @example
 * ```ts
 * const metrics = new ServiceMetrics();
 * const client = createWithingsClient({ clientId, clientSecret, onEvent: metrics.onClientEvent });
 * const service = createService({ store, client, webhookToken, metrics });
 * ```
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #notifications = new Counter({
    name: "withings_kit_notifications_total",
    help: "Notifications received, by what became of them",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly #jobs = new Counter({
    name: "withings_kit_jobs_total",
    help: "Sync jobs finished, by result (done, retry, dropped)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  readonly #requests = new Counter({
    name: "withings_kit_api_requests_total",
    help: "Requests sent to the Withings API (the app-wide quota counts these)",
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: "withings_kit_api_rate_limited_total",
    help: "Answers with status 601 (too many requests)",
    registers: [this.registry],
  });
  #queue: { queue: JobQueue; now: () => number } | undefined;

  constructor() {
    const self = this;
    const gauge = (name: string, help: string, pick: (s: QueueNumbers) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const stats = await self.#stats();
          if (stats !== undefined) this.set(pick(stats));
        },
      });
    gauge("withings_kit_jobs_due", "Jobs due and waiting for a worker", (s) => s.due);
    gauge("withings_kit_jobs_running", "Jobs a worker holds", (s) => s.running);
    gauge("withings_kit_jobs_waiting", "Jobs waiting for a retry", (s) => s.waiting);
    gauge(
      "withings_kit_sync_lag_seconds",
      "How long the oldest due job has waited for a worker",
      (s) => s.lag,
    );
  }

  /** Counts the client's requests and 601 answers: give it as the client's `onEvent`. */
  readonly onClientEvent = (event: ClientEvent): void => {
    if (event.type === "request") this.#requests.inc();
    else if (event.type === "retry" && event.reason === "WITHINGS_RATE_LIMIT") {
      this.#rateLimited.inc();
    }
  };

  /** Counts a stored notification. */
  notification(outcome: NotificationOutcome): void {
    this.#notifications.inc({ outcome });
  }

  /** Counts a finished job. */
  job(event: SyncJobEvent): void {
    this.#jobs.inc({ result: event.type });
  }

  /** The queue whose counts the gauges report. */
  watch(queue: JobQueue, now: () => number): void {
    this.#queue = { queue, now };
  }

  /** The text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  async #stats(): Promise<QueueNumbers | undefined> {
    if (this.#queue === undefined) return undefined;
    const now = this.#queue.now();
    const s = await this.#queue.queue.stats(now);
    return { ...s, lag: s.oldestDueAt === null ? 0 : Math.max(0, now - s.oldestDueAt) };
  }
}

interface QueueNumbers {
  readonly due: number;
  readonly running: number;
  readonly waiting: number;
  readonly lag: number;
}
