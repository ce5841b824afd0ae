import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type {
  NotificationInbox,
  NotificationOutcome,
} from "../notifications/notification-inbox.js";
import { sameSecret } from "./same-secret.js";
import type { SourceAllowList } from "./source-allow-list.js";

/**
 * Options of {@link webhookRouter}.
 *
 * @example
 * ```ts
 * const options: WebhookRouterOptions = { token: process.env.WEBHOOK_TOKEN ?? "", inbox, now: () => Date.now() / 1000 };
 * ```
 */
export interface WebhookRouterOptions {
  /** The secret path segment: `/webhooks/withings/<token>`. Anything else is 404. */
  readonly token: string;
  readonly inbox: NotificationInbox;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Largest body accepted; a notification is a few dozen bytes. @default 4096 */
  readonly maxBodyBytes?: number;
  /** Notifications accepted per second; beyond, 429 (Withings retries later). @default 1000 */
  readonly maxPerSecond?: number;
  /** Told of every stored notification (metrics, waking a worker). Exceptions are ignored. */
  readonly onNotification?: (outcome: NotificationOutcome) => void;
  /**
   * Only callers from these sources may POST notifications; others get 403. `HEAD` and
   * `GET` answer anyone: they change nothing, and the service checks its own public
   * callback with `HEAD` before subscribing. The token in the path stays required.
   * @default any source
   */
  readonly sources?: SourceAllowList;
  /**
   * The caller is the last address of `X-Forwarded-For` (what the reverse proxy in front
   * saw), not the connection's peer (the proxy). Only behind a proxy that sets it.
   * @default false
   */
  readonly trustProxy?: boolean;
}

/**
 * The webhook receiver: `POST /webhooks/withings/<token>` stores the notification (committed
 * before the answer) and answers 200, whatever it says: an unknown user, an unknown `appli`
 * or a malformed body is recorded and answered too, so Withings never disables the
 * subscription over it. `HEAD` and `GET` on the same path answer 200, because Withings probes
 * the callback with HEAD when subscribing (a POST-only route would fail that with 293). A
 * wrong token, or any other path, is 404; an oversized body 413; a flood 429. A storage
 * failure is 503, so that Withings delivers the notification again.
 *
 * @example
 * ```ts
 * const app = new Hono().route("/", webhookRouter({ token, inbox, now: () => Date.now() / 1000 }));
 * await app.request(`/webhooks/withings/${token}`, { method: "HEAD" }); // 200
 * ```
 */
export function webhookRouter(options: WebhookRouterOptions): Hono {
  const maxBody = options.maxBodyBytes ?? 4096;
  const flood = new SecondCounter(options.maxPerSecond ?? 1000);
  const app = new Hono();
  const path = "/webhooks/withings/:token";
  const sources = options.sources;
  if (sources !== undefined) {
    app.post(path, async (c, next) => {
      if (!sources.allows(callerOf(c, options.trustProxy === true))) {
        return c.text("source not allowed", 403);
      }
      return next();
    });
  }
  app.on(["HEAD", "GET"], path, (c) => {
    if (!sameSecret(c.req.param("token"), options.token)) return c.notFound();
    return c.text("ok");
  });
  app.post(
    path,
    async (c, next) => {
      if (!sameSecret(c.req.param("token"), options.token)) return c.notFound();
      return next();
    },
    bodyLimit({ maxSize: maxBody, onError: (c) => c.text("body too large", 413) }),
    async (c) => {
      const now = options.now();
      if (!flood.admit(now)) return c.text("too many notifications", 429, { "retry-after": "1" });
      let body: string;
      try {
        body = await c.req.text();
      } catch {
        return c.text("unreadable body", 400);
      }
      let outcome: NotificationOutcome;
      try {
        outcome = await options.inbox.receive(body, now);
      } catch {
        // Not stored: an answer of 400 or more makes Withings deliver it again.
        return c.text("not stored, try again", 503);
      }
      try {
        options.onNotification?.(outcome);
      } catch {
        // A listener's failure is not the notification's.
      }
      return c.text("ok");
    },
  );
  return app;
}

// The caller's address: the proxy's last `X-Forwarded-For` entry when trusted, else the
// socket's peer (undefined in-process, where there is no socket).
function callerOf(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for");
    const last = forwarded?.split(",").at(-1)?.trim();
    return last === "" ? undefined : last;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

// Admissions in the current second: a cap on floods, not a fair scheduler.
class SecondCounter {
  readonly #limit: number;
  #second = -1;
  #count = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  admit(now: number): boolean {
    const second = Math.floor(now);
    if (second !== this.#second) {
      this.#second = second;
      this.#count = 0;
    }
    this.#count++;
    return this.#count <= this.#limit;
  }
}
