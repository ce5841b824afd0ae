/**
 * What became of one notification: `queued` (a sync job was added or merged), `recorded`
 * (kept, nothing to sync: a bed event, a profile update), `revoked` (appli 46 unlink or
 * delete: the user's jobs dropped), and the notifications kept but not acted on:
 * `unknown-user`, `unknown-appli`, `malformed`.
 *
 * @example
 * ```ts
 * const outcome: NotificationOutcome = "queued";
 * ```
 */
export type NotificationOutcome =
  | "queued"
  | "recorded"
  | "revoked"
  | "unknown-user"
  | "unknown-appli"
  | "malformed";

/**
 * The durable inbox of the webhook receiver: `receive` commits the notification (and the
 * job it implies) before it resolves, so the receiver answers only what is stored.
 *
 * @example
 * ```ts
 * const outcome = await inbox.receive("userid=42&appli=4", Date.now() / 1000);
 * ```
 */
export interface NotificationInbox {
  /** Records a raw form body received at `now` (epoch seconds); never throws on bad input. */
  receive(body: string, now: number): Promise<NotificationOutcome>;
}
