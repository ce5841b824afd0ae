import type pg from "pg";
import {
  ENROL_USER,
  LINK_USER,
  LIST_USERS,
  MARK_USER,
  NOTIFIED_USER,
  SYNCED_USER,
  toUserRecord,
  type UserRow,
} from "../users/service-user-sql.js";
import type { LinkStatus, ServiceUserRecord, ServiceUsers } from "../users/service-users.js";
import type { Queryable } from "./_pg-transaction.js";

/**
 * {@link ServiceUsers} in a PostgreSQL database. With `tokensKept` (the `tokens` table of
 * `PostgresTokenStore` is in the same database), a user marked not linked is active again
 * once their tokens change. The `…On` methods write on a given connection (the inbox's
 * transaction).
 *
 * @example
 * ```ts
 * const users = new PostgresServiceUsers(pool, true);
 * await users.mark("42", "revoked", Date.now() / 1000);
 * ```
 */
export class PostgresServiceUsers implements ServiceUsers {
  readonly #pool: pg.Pool;
  readonly #expiry: string;

  constructor(pool: pg.Pool, tokensKept: boolean) {
    this.#pool = pool;
    this.#expiry = tokensKept
      ? "(SELECT expires_at FROM tokens WHERE tokens.user_id = service_users.user_id)"
      : "NULL::bigint";
  }

  async markOn(
    db: Queryable,
    userId: string,
    status: Exclude<LinkStatus, "linked">,
    now: number,
  ): Promise<void> {
    const expiry = this.#expiry.replace("service_users.user_id", "$1");
    await db.query(MARK_USER.replace("$4", expiry), [userId, status, now]);
  }

  async notifiedOn(db: Queryable, userId: string, now: number): Promise<void> {
    await db.query(NOTIFIED_USER, [userId, now]);
  }

  mark(userId: string, status: Exclude<LinkStatus, "linked">, now: number): Promise<void> {
    return this.markOn(this.#pool, userId, status, now);
  }

  async link(userId: string, now: number): Promise<void> {
    await this.#pool.query(LINK_USER, [userId, now]);
  }

  notified(userId: string, now: number): Promise<void> {
    return this.notifiedOn(this.#pool, userId, now);
  }

  async synced(userId: string, now: number, error: string | null): Promise<void> {
    await this.#pool.query(SYNCED_USER, [userId, now, error === null ? now : null, error]);
  }

  async enrol(userId: string, study: string, participantCode: string, now: number): Promise<void> {
    await this.#pool.query(ENROL_USER, [userId, now, study, participantCode]);
  }

  async active(userIds: readonly string[]): Promise<string[]> {
    const { rows } = await this.#pool.query<{ user_id: string }>(
      `SELECT user_id FROM service_users WHERE status <> 'linked' AND ${this.#expiry} IS NOT DISTINCT FROM marked_token_expires_at`,
    );
    const inactive = new Set(rows.map((r) => r.user_id));
    return userIds.filter((id) => !inactive.has(id));
  }

  async list(): Promise<ServiceUserRecord[]> {
    return (await this.#pool.query<UserRow>(LIST_USERS)).rows.map(toUserRecord);
  }
}
