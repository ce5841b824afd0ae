import type { SimulatedClock } from "../clock/simulated-clock.js";
import { hashSeed } from "../data/random/hash-seed.js";
import { SeededRandom } from "../data/random/seeded-random.js";
import type { StatsRecorder } from "../stats/stats-recorder.js";
import type { ResolvedNotificationBehaviour } from "../types/notification-behaviour.js";
import { retryDelays } from "./retry-delays.js";
import type { SubscriptionRecord, SubscriptionRegistry } from "./subscription-registry.js";

/**
 * What happened to the notifications of one data change, by the end of their first cycle of
 * tries; the ones that failed are tried again later when retries are on.
 *
 * @example
 * ```ts
 * const report: DeliveryReport = await notifier.deliver(userid, fields, subscriptions);
 * ```
 */
export interface DeliveryReport {
  /** Notifications a POST of the first cycle delivered (answered below 400). */
  readonly sent: number;
  /** Notifications whose first cycle failed: retried later, or given up when retries are off. */
  readonly failed: number;
}

/** What the notifier needs: its outbound `fetch`, its clock, and how the cloud delivers. */
export interface NotifierOptions {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly timeoutMs: number;
  readonly stats: StatsRecorder;
  readonly clock: SimulatedClock;
  readonly behaviour: ResolvedNotificationBehaviour;
  readonly seed: number;
  /** Where a subscription is removed after too many failed notifications. */
  readonly subscriptions: SubscriptionRegistry;
}

const TRIES_PER_CYCLE = 2;

/**
 * Makes the sandbox's outbound calls: the HEAD probe of a callback URL before a subscription is
 * accepted, and the unsigned, form-encoded notification POSTs (reference §3.2–§3.4), with the
 * cloud's delivery behaviour: notifications never sent (`loss`), failed ones retried on the
 * guide's schedule on the sandbox's clock, and a subscription removed after
 * `removeAfterFailures` failed notifications in a row.
 *
 * @example
 * ```ts
 * const notifier = new Notifier({ fetch, timeoutMs: 5000, stats, clock, behaviour, seed: 1, subscriptions });
 * await notifier.probe("https://example.com/hook"); // true when HEAD answers 2xx
 * ```
 */
export class Notifier {
  readonly #o: NotifierOptions;
  // Apart, so that what is lost follows the order of notifications alone, whatever order
  // the asynchronous failures draw their retry delays in.
  readonly #loss: SeededRandom;
  readonly #delays: SeededRandom;
  readonly #stop = new AbortController();
  /** Failed notifications in a row, per subscription (a re-made one starts again). */
  readonly #failures = new WeakMap<SubscriptionRecord, number>();
  /** Delivery cycles running now (not the waits between them). */
  readonly #busy = new Set<Promise<unknown>>();

  constructor(options: NotifierOptions) {
    this.#o = options;
    this.#loss = new SeededRandom(hashSeed(options.seed, "notification-loss"));
    this.#delays = new SeededRandom(hashSeed(options.seed, "notification-retries"));
  }

  /** Sends HEAD to `callbackurl`; true only for a 2xx answer within the timeout. */
  async probe(callbackurl: string): Promise<boolean> {
    try {
      const response = await this.#o.fetch(
        new Request(callbackurl, {
          method: "HEAD",
          signal: AbortSignal.timeout(this.#o.timeoutMs),
        }),
      );
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }

  /**
   * Notifies each subscription of `fields` about `userid`, concurrently: one cycle of tries
   * now, and the later cycles in the background when the first fails.
   */
  async deliver(
    userid: string,
    fields: Readonly<Record<string, string>>,
    subscriptions: readonly SubscriptionRecord[],
  ): Promise<DeliveryReport> {
    const body = new URLSearchParams({ userid, ...fields }).toString();
    const outcomes = await Promise.all(
      subscriptions.map(async (subscription) => {
        if (this.#loss.chance(this.#o.behaviour.loss)) {
          this.#o.stats.notificationLost();
          return undefined;
        }
        const delivered = await this.#track(this.#cycle(subscription.callbackurl, body));
        if (delivered) this.#settle(subscription, true);
        else if (this.#o.behaviour.retries) void this.#retry(subscription, body);
        else this.#settle(subscription, false);
        return delivered;
      }),
    );
    return {
      sent: outcomes.filter((o) => o === true).length,
      failed: outcomes.filter((o) => o === false).length,
    };
  }

  /**
   * Resolves once no delivery cycle is running, including the ones that retries the clock
   * has just woken start: what a test awaits after moving a virtual clock.
   */
  async idle(): Promise<void> {
    for (;;) {
      // Let woken waits reach their next cycle before looking.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#busy.size === 0) return;
      await Promise.allSettled([...this.#busy]);
    }
  }

  /** Stops every retry still waiting. */
  close(): void {
    this.#stop.abort(new Error("sandbox closed"));
  }

  async #retry(subscription: SubscriptionRecord, body: string): Promise<void> {
    try {
      for (const wait of retryDelays(this.#delays)) {
        await this.#o.clock.waitFor(wait * 1000, this.#stop.signal);
        this.#o.stats.notificationRetry();
        if (await this.#track(this.#cycle(subscription.callbackurl, body))) {
          this.#settle(subscription, true);
          return;
        }
      }
      this.#settle(subscription, false);
    } catch {
      // Closed: the cloud went away with its queue.
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#busy.add(promise);
    return promise.finally(() => this.#busy.delete(promise));
  }

  // The end of one notification to one subscription: the failures in a row reset on a
  // success, and remove the subscription once there are too many.
  #settle(subscription: SubscriptionRecord, delivered: boolean): void {
    if (delivered) {
      this.#failures.delete(subscription);
      return;
    }
    const failures = (this.#failures.get(subscription) ?? 0) + 1;
    this.#failures.set(subscription, failures);
    const limit = this.#o.behaviour.removeAfterFailures;
    const { clientId, userid, appli, callbackurl } = subscription;
    // Only this subscription: not one made again since with the same fields.
    const current = this.#o.subscriptions.find(clientId, userid, appli, callbackurl);
    if (limit !== false && failures >= limit && current === subscription) {
      this.#failures.delete(subscription);
      const removed = this.#o.subscriptions.remove(
        subscription.clientId,
        subscription.userid,
        subscription.callbackurl,
        subscription.appli,
      );
      if (removed > 0) this.#o.stats.subscriptionRemoved();
    }
  }

  async #cycle(callbackurl: string, body: string): Promise<boolean> {
    for (let i = 0; i < TRIES_PER_CYCLE; i++) {
      if (await this.#post(callbackurl, body)) return true;
    }
    return false;
  }

  async #post(callbackurl: string, body: string): Promise<boolean> {
    let delivered = false;
    try {
      const response = await this.#o.fetch(
        new Request(callbackurl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
          signal: AbortSignal.timeout(this.#o.timeoutMs),
        }),
      );
      await response.body?.cancel();
      // The newer guide counts any status below 400 as received (reference §3.3).
      delivered = response.status < 400;
    } catch {
      delivered = false;
    }
    this.#o.stats.notification(delivered);
    return delivered;
  }
}
