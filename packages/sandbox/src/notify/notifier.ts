import type { NotificationHint } from "../data/index.js";
import type { StatsRecorder } from "../stats/stats-recorder.js";
import type { SubscriptionRecord } from "./subscription-registry.js";

/**
 * What happened to the notifications of one data change.
 *
 * @example
 * ```ts
 * const report: DeliveryReport = await notifier.deliver(userid, hint, subscriptions);
 * ```
 */
export interface DeliveryReport {
  /** Webhook POSTs answered below 400. */
  readonly sent: number;
  /** Webhook POSTs that failed; the sandbox, like the real cloud's last attempt, gives up. */
  readonly failed: number;
}

/**
 * Makes the sandbox's outbound calls: the HEAD probe of a callback URL before a subscription is
 * accepted, and the unsigned, form-encoded notification POSTs (reference §3.2–§3.4).
 *
 * @example
 * ```ts
 * const notifier = new Notifier(fetch, 5000, new StatsRecorder());
 * await notifier.probe("https://example.com/hook"); // true when HEAD answers 2xx
 * ```
 */
export class Notifier {
  readonly #fetch: (request: Request) => Promise<Response>;
  readonly #timeoutMs: number;
  readonly #stats: StatsRecorder;

  constructor(
    fetch: (request: Request) => Promise<Response>,
    timeoutMs: number,
    stats: StatsRecorder,
  ) {
    this.#fetch = fetch;
    this.#timeoutMs = timeoutMs;
    this.#stats = stats;
  }

  /** Sends HEAD to `callbackurl`; true only for a 2xx answer within the timeout. */
  async probe(callbackurl: string): Promise<boolean> {
    try {
      const response = await this.#fetch(
        new Request(callbackurl, { method: "HEAD", signal: AbortSignal.timeout(this.#timeoutMs) }),
      );
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }

  /** POSTs `hint` about `userid` to each subscription, once each, concurrently. */
  async deliver(
    userid: string,
    hint: NotificationHint,
    subscriptions: readonly SubscriptionRecord[],
  ): Promise<DeliveryReport> {
    const form = new URLSearchParams({
      userid,
      appli: String(hint.appli),
      startdate: String(hint.startdate),
      enddate: String(hint.enddate),
    });
    if (hint.date !== undefined) form.set("date", hint.date);
    const results = await Promise.all(
      subscriptions.map((subscription) => this.#post(subscription.callbackurl, form.toString())),
    );
    const sent = results.filter(Boolean).length;
    return { sent, failed: results.length - sent };
  }

  async #post(callbackurl: string, body: string): Promise<boolean> {
    let delivered = false;
    try {
      const response = await this.#fetch(
        new Request(callbackurl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        }),
      );
      await response.body?.cancel();
      // The newer guide counts any status below 400 as received (reference §3.3).
      delivered = response.status < 400;
    } catch {
      delivered = false;
    }
    this.#stats.notification(delivered);
    return delivered;
  }
}
