import type pg from "pg";
import type {
  NotificationInbox,
  NotificationOutcome,
} from "../notifications/notification-inbox.js";
import { INSERT_NOTIFICATION, planNotification } from "../notifications/notification-plan.js";
import { inTransaction } from "./_pg-transaction.js";
import type { PostgresJobQueue } from "./postgres-job-queue.js";
import type { PostgresServiceUsers } from "./postgres-service-users.js";

/**
 * The {@link NotificationInbox} in a PostgreSQL database: the notification, its job and the
 * user's link status in one transaction, committed (and flushed, PostgreSQL's default)
 * before `receive` resolves.
 *
 * @example
 * ```ts
 * const inbox = new PostgresNotificationInbox(pool, queue, users, async (id) => (await client.tokenStore.get(id)) !== undefined);
 * ```
 */
export class PostgresNotificationInbox implements NotificationInbox {
  readonly #pool: pg.Pool;
  readonly #queue: PostgresJobQueue;
  readonly #users: PostgresServiceUsers;
  readonly #isKnownUser: (userId: string) => Promise<boolean>;

  constructor(
    pool: pg.Pool,
    queue: PostgresJobQueue,
    users: PostgresServiceUsers,
    isKnownUser: (userId: string) => Promise<boolean>,
  ) {
    this.#pool = pool;
    this.#queue = queue;
    this.#users = users;
    this.#isKnownUser = isKnownUser;
  }

  async receive(body: string, now: number): Promise<NotificationOutcome> {
    const writes = await planNotification(body, now, this.#isKnownUser);
    await inTransaction(this.#pool, async (db) => {
      if (writes.notified !== undefined) await this.#users.notifiedOn(db, writes.notified, now);
      if (writes.revoke !== undefined) {
        await this.#users.markOn(db, writes.revoke, "revoked", now);
        await this.#queue.dropOn(db, writes.revoke);
      }
      if (writes.job !== undefined) await this.#queue.enqueueOn(db, writes.job);
      await db.query(INSERT_NOTIFICATION, [...writes.row]);
    });
    return writes.outcome;
  }
}
