import { isWithingsError, type WithingsClient } from "@withings-kit/client";
import { SUBSCRIBED_APPLIS } from "../notifications/appli-datasets.js";

/**
 * What one upkeep of the subscriptions did.
 *
 * @example
 * ```ts
 * const r: UpkeepReport = { callbackReachable: true, subscribed: 5, present: 20, failed: [] };
 * ```
 */
export interface UpkeepReport {
  /** Whether the public callback URL answered HEAD with 2xx; nothing is subscribed otherwise. */
  readonly callbackReachable: boolean;
  /** Subscriptions added. */
  readonly subscribed: number;
  /** Subscriptions already there. */
  readonly present: number;
  /** Users whose subscriptions could not be listed or made, with why (no secret in it). */
  readonly failed: readonly { readonly userId: string; readonly error: string }[];
}

/**
 * Options of {@link SubscriptionKeeper}.
 *
 * @example
 * ```ts
 * const options: SubscriptionKeeperOptions = { client, callbackUrl: "https://kit.example.org/webhooks/withings/…", users: async () => ["42"] };
 * ```
 */
export interface SubscriptionKeeperOptions {
  readonly client: WithingsClient;
  /** The public callback URL Withings calls (secret token included). */
  readonly callbackUrl: string;
  /** The users to keep subscribed. */
  readonly users: () => Promise<readonly string[]>;
  /** The `fetch` of the reachability check. @default globalThis.fetch */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * Keeps every user subscribed to every `appli` the service acts on, at the public callback
 * URL: lists each user's subscriptions and adds what is missing. It first checks that the
 * callback answers HEAD through the public URL (Withings probes it when subscribing, and a
 * subscription made before the server answers fails with 293), and subscribes nothing
 * when it does not. Run at start and daily: it repairs subscriptions Withings removed after
 * failed deliveries, and a subscription that a network failure left unmade.
 *
 * @example
 * ```ts
 * const report = await new SubscriptionKeeper({ client, callbackUrl, users: () => client.users() }).keep();
 * ```
 */
export class SubscriptionKeeper {
  readonly #options: SubscriptionKeeperOptions;

  constructor(options: SubscriptionKeeperOptions) {
    this.#options = options;
  }

  /** Keeps every user subscribed, or only `only` (a participant who just enrolled). */
  async keep(only?: readonly string[]): Promise<UpkeepReport> {
    const { client, callbackUrl } = this.#options;
    if (!(await this.callbackAnswers())) {
      return { callbackReachable: false, subscribed: 0, present: 0, failed: [] };
    }
    let subscribed = 0;
    let present = 0;
    const failed: { userId: string; error: string }[] = [];
    for (const userId of only ?? (await this.#options.users())) {
      try {
        const user = client.user(userId);
        const { profiles } = await user.notifyList();
        const have = new Set(
          profiles.filter((p) => p.callbackurl === callbackUrl).map((p) => p.appli),
        );
        for (const appli of SUBSCRIBED_APPLIS) {
          if (have.has(appli)) {
            present++;
            continue;
          }
          await user.notifySubscribe({ callbackurl: callbackUrl, appli, comment: "Withings Kit" });
          subscribed++;
        }
      } catch (error) {
        failed.push({ userId, error: describe(error) });
      }
    }
    return { callbackReachable: true, subscribed, present, failed };
  }

  /** Whether the callback answers `HEAD` with 2xx through the public URL, within 10 s. */
  async callbackAnswers(): Promise<boolean> {
    const fetch = this.#options.fetch ?? globalThis.fetch;
    try {
      const response = await fetch(
        new Request(this.#options.callbackUrl, {
          method: "HEAD",
          signal: AbortSignal.timeout(10_000),
        }),
      );
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }
}

// The client's errors carry no secret; anything else is reduced to its kind.
function describe(error: unknown): string {
  if (isWithingsError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : "unknown error";
}
