import type { ClientEvent } from "@withings-kit/client";

/**
 * Counts the HTTP requests a client sends, per user, from its `onEvent` stream: every
 * attempt counts, retries included, so a report says what the API quota really paid.
 * Token refreshes carry no user id and are counted under `app`.
 *
 * @example
 * ```ts
 * const meter = new RequestMeter();
 * const client = createWithingsClient({ clientId, clientSecret, onEvent: meter.onEvent });
 * const engine = createSyncEngine({ client, store, meter });
 * ```
 */
export class RequestMeter {
  readonly #byUser = new Map<string, number>();
  #app = 0;
  #total = 0;
  #rateLimited = 0;
  #retries = 0;

  /** Pass this to the client's `onEvent` (it is bound). */
  readonly onEvent = (event: ClientEvent): void => {
    if (event.type === "retry") {
      this.#retries++;
      if (event.reason === "WITHINGS_RATE_LIMIT") this.#rateLimited++;
      return;
    }
    if (event.type !== "request") return;
    this.#total++;
    if (event.userId === undefined) this.#app++;
    else this.#byUser.set(event.userId, (this.#byUser.get(event.userId) ?? 0) + 1);
  };

  /** Requests sent with a user's token. */
  requests(userId: string): number {
    return this.#byUser.get(userId) ?? 0;
  }

  /** Every request, app-level ones (token refreshes, nonces) included. */
  get total(): number {
    return this.#total;
  }

  /** Requests without a user: token refreshes, nonces, signed app calls. */
  get app(): number {
    return this.#app;
  }

  /** Retries the client scheduled, of any cause. */
  get retries(): number {
    return this.#retries;
  }

  /** Retries after a 601 (rate limit or duplicate request). */
  get rateLimited(): number {
    return this.#rateLimited;
  }
}
