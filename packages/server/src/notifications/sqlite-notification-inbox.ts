import type BetterSqlite3 from "better-sqlite3";
import type { SqliteJobQueue } from "../queue/sqlite-job-queue.js";
import { type PortableStatement, prepareOnSqlite } from "../store/portable-statement.js";
import type { SqliteServiceUsers } from "../users/sqlite-service-users.js";
import type { NotificationInbox, NotificationOutcome } from "./notification-inbox.js";
import { INSERT_NOTIFICATION, planNotification } from "./notification-plan.js";

/**
 * The {@link NotificationInbox} in the store's SQLite file: the notification, its job and
 * the user's link status are written in one immediate transaction. A user is known when
 * `isKnownUser` says so (the token store holds their tokens).
 *
 * @example
 * ```ts
 * const inbox = new SqliteNotificationInbox(sqliteHandle(store).database, queue, users, async (id) => (await client.users()).includes(id));
 * ```
 */
export class SqliteNotificationInbox implements NotificationInbox {
  readonly #db: BetterSqlite3.Database;
  readonly #queue: SqliteJobQueue;
  readonly #users: SqliteServiceUsers;
  readonly #isKnownUser: (userId: string) => Promise<boolean>;
  readonly #insert: PortableStatement;

  constructor(
    db: BetterSqlite3.Database,
    queue: SqliteJobQueue,
    users: SqliteServiceUsers,
    isKnownUser: (userId: string) => Promise<boolean>,
  ) {
    this.#db = db;
    this.#queue = queue;
    this.#users = users;
    this.#isKnownUser = isKnownUser;
    this.#insert = prepareOnSqlite(db, INSERT_NOTIFICATION);
  }

  async receive(body: string, now: number): Promise<NotificationOutcome> {
    const writes = await planNotification(body, now, this.#isKnownUser);
    // Answered means kept, also through a power cut: this commit is fsynced (the store's
    // NORMAL would let the last ones go, and Withings never sends them again).
    this.#db.pragma("synchronous = FULL");
    try {
      this.#db
        .transaction(() => {
          if (writes.notified !== undefined) this.#users.notifiedNow(writes.notified, now);
          if (writes.revoke !== undefined) {
            this.#users.markNow(writes.revoke, "revoked", now);
            this.#queue.dropNow(writes.revoke);
          }
          if (writes.job !== undefined) this.#queue.enqueueNow(writes.job);
          this.#insert.run(...writes.row);
        })
        .immediate();
    } finally {
      this.#db.pragma("synchronous = NORMAL");
    }
    return writes.outcome;
  }
}
