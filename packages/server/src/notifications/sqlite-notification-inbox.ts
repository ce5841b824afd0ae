import type BetterSqlite3 from "better-sqlite3";
import type { SqliteJobQueue } from "../queue/sqlite-job-queue.js";
import type { SqliteServiceUsers } from "../users/sqlite-service-users.js";
import { type AppliPlan, appliPlan } from "./appli-datasets.js";
import type { Notification } from "./notification.js";
import type { NotificationInbox, NotificationOutcome } from "./notification-inbox.js";
import { parseNotification } from "./parse-notification.js";

const MAX_STORED_BODY = 2048;

// The earliest instant a notification names: its range, or its day (a UTC midnight, a day
// early for zones east of UTC), or none. Never later than now, whatever it says.
function hintFrom(n: Notification): number | null {
  const candidates: number[] = [];
  if (n.startdate !== undefined) candidates.push(n.startdate);
  if (n.enddate !== undefined) candidates.push(n.enddate);
  if (n.date !== undefined) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(n.date)
      ? Date.parse(`${n.date}T00:00:00Z`) / 1000 - 86_400
      : Number(n.date);
    if (Number.isFinite(day)) candidates.push(day);
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * The {@link NotificationInbox} in the store's SQLite file: the notification, its job and
 * the user's link status are written in one immediate transaction. A user is known when
 * `isKnownUser` says so (the token store holds their tokens).
 *
 * @example
 * ```ts
 * const inbox = new SqliteNotificationInbox(store.database, queue, users, async (id) => (await client.users()).includes(id));
 * ```
 */
export class SqliteNotificationInbox implements NotificationInbox {
  readonly #db: BetterSqlite3.Database;
  readonly #queue: SqliteJobQueue;
  readonly #users: SqliteServiceUsers;
  readonly #isKnownUser: (userId: string) => Promise<boolean>;
  readonly #insert: BetterSqlite3.Statement;

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
    this.#insert = db.prepare(
      "INSERT INTO service_notifications (received_at, user_id, appli, startdate, enddate, date, deviceid, action, outcome, problems, body) VALUES (@received_at, @user_id, @appli, @startdate, @enddate, @date, @deviceid, @action, @outcome, @problems, @body)",
    );
  }

  async receive(body: string, now: number): Promise<NotificationOutcome> {
    const { notification: n, problems } = parseNotification(body);
    const known = n.userid !== undefined && (await this.#isKnownUser(n.userid));
    const plan = appliPlan(n.appli);
    // Answered means kept, also through a power cut: this commit is fsynced (the store's
    // NORMAL would let the last ones go, and Withings never sends them again).
    this.#db.pragma("synchronous = FULL");
    try {
      return this.#record(body, n, problems, known, plan, now);
    } finally {
      this.#db.pragma("synchronous = NORMAL");
    }
  }

  #record(
    body: string,
    n: Notification,
    problems: readonly string[],
    known: boolean,
    plan: AppliPlan,
    now: number,
  ): NotificationOutcome {
    return this.#db
      .transaction((): NotificationOutcome => {
        let outcome: NotificationOutcome;
        if (n.userid === undefined || n.appli === undefined) outcome = "malformed";
        else if (!known) outcome = "unknown-user";
        else if (plan.kind === "unknown") outcome = "unknown-appli";
        else if (plan.kind === "profile" && (n.action === "unlink" || n.action === "delete")) {
          outcome = "revoked";
          this.#users.notified(n.userid, now);
          this.#users.mark(n.userid, "revoked", now);
          this.#db.prepare("DELETE FROM service_jobs WHERE user_id = ?").run(n.userid);
        } else if (plan.kind === "sync") {
          // Even after a revoke: the user may have linked again since (an unlink can also
          // arrive late, Withings retries it), so the tokens decide. A notification retried
          // after an unlink, or a forged one, costs one refused refresh.
          outcome = "queued";
          this.#users.notified(n.userid, now);
          this.#queue.enqueueNow({
            userId: n.userid,
            datasets: plan.datasets,
            priority: "notification",
            now,
            hintFrom: hintFrom(n),
          });
        } else {
          outcome = "recorded";
          this.#users.notified(n.userid, now);
        }
        this.#insert.run({
          received_at: now,
          user_id: n.userid ?? null,
          appli: n.appli ?? null,
          startdate: n.startdate ?? null,
          enddate: n.enddate ?? null,
          date: n.date ?? null,
          deviceid: n.deviceid ?? null,
          action: n.action ?? null,
          outcome,
          problems: problems.length === 0 ? null : problems.join("; "),
          body: body.slice(0, MAX_STORED_BODY),
        });
        return outcome;
      })
      .immediate();
  }
}
