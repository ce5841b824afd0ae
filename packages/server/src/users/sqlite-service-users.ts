import type BetterSqlite3 from "better-sqlite3";

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

// A user who unlinked the app stays "revoked" when a run then finds their tokens dead (a
// notification Withings retried after the unlink): that is why they are dead.
const KEEP_REVOKED =
  "CASE WHEN excluded.status = 'token-dead' AND service_users.status = 'revoked' THEN 'revoked' ELSE excluded.status END";

/**
 * The `service_users` table: each user's link status, and when they last notified and
 * synced. A user marked not linked becomes active again when their stored tokens differ
 * from those they had then (the store's `tokens` table, when tokens live in the file).
 *
 * @example
 * ```ts
 * const users = new SqliteServiceUsers(store.database);
 * const active = users.active(await client.users());
 * ```
 */
export class SqliteServiceUsers {
  readonly #mark: BetterSqlite3.Statement;
  readonly #tokensKept: boolean;
  readonly #link: BetterSqlite3.Statement;
  readonly #notified: BetterSqlite3.Statement;
  readonly #synced: BetterSqlite3.Statement;
  readonly #inactive: BetterSqlite3.Statement<[], { user_id: string }>;

  constructor(db: BetterSqlite3.Database) {
    this.#tokensKept =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tokens'").get() !==
      undefined;
    const expiry = this.#tokensKept
      ? "(SELECT expires_at FROM tokens WHERE tokens.user_id = service_users.user_id)"
      : "NULL";
    this.#mark = db.prepare(
      `INSERT INTO service_users (user_id, status, status_at, marked_token_expires_at) VALUES (?, ?, ?, ${expiry.replace("service_users.user_id", "?")}) ON CONFLICT (user_id) DO UPDATE SET status = ${KEEP_REVOKED}, status_at = CASE WHEN ${KEEP_REVOKED} = service_users.status THEN service_users.status_at ELSE excluded.status_at END, marked_token_expires_at = excluded.marked_token_expires_at`,
    );
    this.#link = db.prepare(
      "INSERT INTO service_users (user_id, status, status_at) VALUES (?, 'linked', ?) ON CONFLICT (user_id) DO UPDATE SET status = 'linked', status_at = excluded.status_at WHERE service_users.status <> 'linked'",
    );
    this.#notified = db.prepare(
      "INSERT INTO service_users (user_id, status, status_at, last_notification_at) VALUES (?, 'linked', ?, ?) ON CONFLICT (user_id) DO UPDATE SET last_notification_at = excluded.last_notification_at",
    );
    this.#synced = db.prepare(
      "INSERT INTO service_users (user_id, status, status_at, last_sync_at, last_error) VALUES (?, 'linked', ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET last_sync_at = coalesce(excluded.last_sync_at, service_users.last_sync_at), last_error = excluded.last_error",
    );
    this.#inactive = db.prepare(
      `SELECT user_id FROM service_users WHERE status <> 'linked' AND ${expiry} IS marked_token_expires_at`,
    );
  }

  /** Marks a user revoked or token-dead at `now` (epoch seconds). */
  mark(userId: string, status: Exclude<LinkStatus, "linked">, now: number): void {
    if (this.#tokensKept) this.#mark.run(userId, status, now, userId);
    else this.#mark.run(userId, status, now);
  }

  /** Marks a user linked (a notification that asks for a sync, a run that succeeded). */
  link(userId: string, now: number): void {
    this.#link.run(userId, now);
  }

  /** Records a notification of the user at `now`. */
  notified(userId: string, now: number): void {
    this.#notified.run(userId, now, now);
  }

  /** Records a run: its time when it succeeded, its error when it failed. */
  synced(userId: string, now: number, error: string | null): void {
    this.#synced.run(userId, now, error === null ? now : null, error);
  }

  /** The users of `userIds` the catch-up should sync: linked, or logged in again since. */
  active(userIds: readonly string[]): string[] {
    const inactive = new Set(this.#inactive.all().map((r) => r.user_id));
    return userIds.filter((id) => !inactive.has(id));
  }
}
