/**
 * A user's link as the service knows it: `linked`, `revoked` (appli 46 said unlink or
 * delete) or `token-dead` (the refresh was refused). A user who is not linked is left out
 * of the catch-up until their tokens change (they logged in again).
 *
 * @example
 * ```ts
 * const s: LinkStatus = "token-dead";
 * ```
 */
export type LinkStatus = "linked" | "revoked" | "token-dead";

/**
 * What the service knows of one user beyond their tokens (times in epoch seconds).
 *
 * @example
 * ```ts
 * const u: ServiceUserRecord = { userId: "42", status: "linked", lastNotificationAt: null, lastSyncAt: null, lastError: null, study: "BP-2027", participantCode: "P-0042" };
 * ```
 */
export interface ServiceUserRecord {
  readonly userId: string;
  readonly status: LinkStatus;
  readonly lastNotificationAt: number | null;
  readonly lastSyncAt: number | null;
  readonly lastError: string | null;
  /** The study label and participant code the enrolment page stored. */
  readonly study: string | null;
  readonly participantCode: string | null;
}

/**
 * The `service_users` table: each user's link status, and when they last notified and
 * synced. A user marked not linked becomes active again when their stored tokens differ
 * from those they had then (the database's `tokens` table, when tokens live there).
 *
 * @example
 * ```ts
 * await users.mark("42", "token-dead", Date.now() / 1000);
 * const active = await users.active(await client.users());
 * ```
 */
export interface ServiceUsers {
  /** Marks a user revoked or token-dead at `now` (epoch seconds). */
  mark(userId: string, status: Exclude<LinkStatus, "linked">, now: number): Promise<void>;
  /** Marks a user linked (a run that succeeded). */
  link(userId: string, now: number): Promise<void>;
  /** Records a notification of the user at `now`. */
  notified(userId: string, now: number): Promise<void>;
  /** Records a run: its time when it succeeded, its error when it failed. */
  synced(userId: string, now: number, error: string | null): Promise<void>;
  /** Marks a user linked and enrolled in a study under a participant code. */
  enrol(userId: string, study: string, participantCode: string, now: number): Promise<void>;
  /** The users of `userIds` the catch-up should sync: linked, or logged in again since. */
  active(userIds: readonly string[]): Promise<string[]>;
  /** Every user the table knows. */
  list(): Promise<ServiceUserRecord[]>;
}
