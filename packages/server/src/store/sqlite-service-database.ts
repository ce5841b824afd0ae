import { sqliteHandle } from "@withings-kit/sync/internal";
import type { SqliteStore } from "@withings-kit/sync/sqlite";
import {
  EXPIRE_ENROLMENTS,
  INSERT_ENROLMENT,
  TAKE_ENROLMENT,
  toPending,
} from "../enrol/enrolment-states.js";
import { FORGET_NOTIFICATIONS } from "../notifications/notification-plan.js";
import { SqliteNotificationInbox } from "../notifications/sqlite-notification-inbox.js";
import { SqliteJobQueue } from "../queue/sqlite-job-queue.js";
import { SqliteServiceUsers } from "../users/sqlite-service-users.js";
import { openServiceDatabase } from "./open-service-database.js";
import { prepareOnSqlite } from "./portable-statement.js";
import { CLAIM_TURN, LATEST_VITALS, type ServiceDatabase, vitalsOf } from "./service-database.js";

/**
 * The {@link ServiceDatabase} in the SQLite store's file, its tables brought to the newest
 * schema first.
 *
 * @throws {StoreError} when the tables cannot be migrated.
 * @example
 * ```ts
 * const database = sqliteServiceDatabase(openSqliteStore("withings.db"));
 * ```
 */
export function sqliteServiceDatabase(store: SqliteStore): ServiceDatabase {
  const db = sqliteHandle(store).database;
  openServiceDatabase(db);
  const queue = new SqliteJobQueue(db);
  const users = new SqliteServiceUsers(db);
  const insertEnrolment = prepareOnSqlite(db, INSERT_ENROLMENT);
  const expireEnrolments = prepareOnSqlite(db, EXPIRE_ENROLMENTS);
  const takeEnrolment = prepareOnSqlite(db, TAKE_ENROLMENT);
  const latest = prepareOnSqlite(db, LATEST_VITALS);
  const forget = prepareOnSqlite(db, FORGET_NOTIFICATIONS);
  const claimTurn = prepareOnSqlite(db, CLAIM_TURN);
  return {
    queue,
    users,
    enrolments: {
      async begin(state, pending, expiredBefore) {
        db.transaction(() => {
          expireEnrolments.run(expiredBefore);
          insertEnrolment.run(state, pending.study, pending.participantCode, pending.createdAt);
        })();
      },
      async take(state) {
        const row = takeEnrolment.get<{
          study: string;
          participant_code: string;
          created_at: number;
        }>(state);
        return row === undefined ? undefined : toPending(row);
      },
    },
    inbox: (isKnownUser) => new SqliteNotificationInbox(db, queue, users, isKnownUser),
    latestVitals: async (userId) => vitalsOf(latest.get<Record<string, unknown>>(userId)),
    async claimTurn(name, now, everySeconds) {
      return claimTurn.get(name, now, now - everySeconds) !== undefined;
    },
    async forget(before) {
      forget.run(before);
    },
    async ping() {
      db.prepare("SELECT 1").get();
    },
  };
}
