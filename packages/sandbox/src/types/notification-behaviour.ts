/**
 * How the sandbox's cloud delivers webhook notifications (reference §3.3): what it never sends,
 * whether it retries a failed delivery, and when it gives up on a subscription. Each switch
 * models one documented behaviour, so that a receiver can be tested against it.
 *
 * @example
 * ```ts
 * const behaviour: NotificationBehaviour = { loss: 0.1, retries: true, removeAfterFailures: 4 };
 * createSandbox({ notifications: behaviour });
 * ```
 */
export interface NotificationBehaviour {
  /**
   * Share (0 to 1) of notifications the cloud never sends, seeded: Withings guarantees no
   * delivery on the standard plan and never sends a missed one again (quirk Q16).
   * @default 0
   */
  readonly loss?: number;
  /**
   * Retries a failed delivery on the newer guide's schedule: five cycles of two tries,
   * immediately, then +10 s, +1 min plus 1–10 min, +1 h plus 2–20 min, +4 h plus 3–30 min
   * (the random parts seeded). Off, a delivery is tried once.
   * @default true
   */
  readonly retries?: boolean;
  /**
   * Consecutive failed notifications (every try of each failed) after which the cloud removes
   * the subscription: the older guide's rule; the newer one (unconfirmed) waits 20 days.
   * `false` never removes one.
   * @default 4
   */
  readonly removeAfterFailures?: number | false;
}

/**
 * {@link NotificationBehaviour} with every default filled in.
 *
 * @example
 * ```ts
 * const resolved: ResolvedNotificationBehaviour = { loss: 0, retries: true, removeAfterFailures: 4 };
 * ```
 */
export interface ResolvedNotificationBehaviour {
  readonly loss: number;
  readonly retries: boolean;
  readonly removeAfterFailures: number | false;
}
