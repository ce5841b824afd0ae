import { Hono } from "hono";
import type { JobQueue } from "../queue/job-queue.js";

/**
 * Options of {@link healthRouter}.
 *
 * @example
 * ```ts
 * const options: HealthOptions = { queue, ping: async () => void db.prepare("SELECT 1").get(), now: () => Date.now() / 1000 };
 * ```
 */
export interface HealthOptions {
  readonly queue: JobQueue;
  /** Throws when the database cannot be reached. */
  readonly ping: () => Promise<void>;
  /** Epoch seconds. */
  readonly now: () => number;
  /** A due job waiting longer than this means the queue is stuck. @default 900 */
  readonly stalledSeconds?: number;
  /**
   * Whether the public callback answers (a `HEAD` through the public URL); asked at most
   * once a minute. Without it, `/readyz` does not check the callback.
   */
  readonly callback?: () => Promise<boolean>;
}

/**
 * `/healthz` (the process answers) and `/readyz` (the database answers, the queue moves: no
 * job has waited for a worker longer than `stalledSeconds`, and the public callback answers
 * when `callback` is given), as JSON, 200 or 503. Neither says anything about users or
 * tokens. A proxy's own health check of this upstream should use `/healthz`: `/readyz`
 * goes through the proxy, and would keep an upstream it took out of service out for good.
 *
 * @example
 * ```ts
 * const res = await healthRouter(options).request("/readyz");
 * res.status; // 200
 * ```
 */
export function healthRouter(options: HealthOptions): Hono {
  const app = new Hono();
  let callback: { readonly at: number; readonly answers: Promise<boolean> } | undefined;
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks: Record<string, string> = {};
    let ok = true;
    try {
      await options.ping();
      checks["database"] = "ok";
    } catch {
      checks["database"] = "unreachable";
      ok = false;
    }
    try {
      const now = options.now();
      const stats = await options.queue.stats(now);
      const waited = stats.oldestDueAt === null ? 0 : now - stats.oldestDueAt;
      if (waited > (options.stalledSeconds ?? 900)) {
        checks["queue"] = `stalled: a job has waited ${Math.round(waited)} s`;
        ok = false;
      } else checks["queue"] = "ok";
    } catch {
      checks["queue"] = "unreadable";
      ok = false;
    }
    if (options.callback !== undefined) {
      const now = options.now();
      if (callback === undefined || now - callback.at >= 60) {
        callback = { at: now, answers: options.callback().catch(() => false) };
      }
      if (await callback.answers) checks["callback"] = "ok";
      else {
        checks["callback"] = "the public callback URL does not answer HEAD";
        ok = false;
      }
    }
    return c.json({ status: ok ? "ok" : "unavailable", checks }, ok ? 200 : 503);
  });
  return app;
}
