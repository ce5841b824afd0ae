import type { Clock } from "../clock.js";

/**
 * The Withings cloud's clock as the client last saw it, from the HTTP `Date` header of its
 * answers. Windows and cursors built from the cloud's time stay right when the local clock
 * is wrong: a machine clock days off would otherwise put a sync's reconcile window in the
 * wrong place (getmeas also gives `updatetime`, but the other actions give no time at all).
 *
 * The header has one-second resolution, so the offset is known to about a second; answers
 * without the header leave the estimate as it was.
 *
 * @example
 * ```ts
 * const client = createWithingsClient({ clientId, clientSecret });
 * await client.user("42").getDevice();
 * client.cloudClock.offsetMs(); // e.g. 0 when the machine's clock is right
 * new Date(client.cloudClock.now()); // the cloud's now
 * ```
 */
export class CloudClock {
  readonly #clock: Clock;
  #offset: number | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Records one answer: its `Date` header, and the local times the request left and the
   * answer arrived (epoch ms). A header that does not parse is ignored.
   */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    if (dateHeader === null) return;
    const date = Date.parse(dateHeader);
    if (!Number.isFinite(date)) return;
    // The header is the server's second, truncated: its middle is the best guess, and the
    // middle of the exchange is the best guess of when the server wrote it.
    this.#offset = date + 500 - (sentAt + receivedAt) / 2;
  }

  /** The cloud's time minus the local clock's, in ms; `undefined` until an answer told it. */
  offsetMs(): number | undefined {
    return this.#offset;
  }

  /** The cloud's now in epoch ms: the local clock, corrected once an answer told the offset. */
  now(): number {
    return this.#clock.now() + (this.#offset ?? 0);
  }
}
