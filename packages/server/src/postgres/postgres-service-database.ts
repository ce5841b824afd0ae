import { migratePostgres } from "@withings-kit/sync/postgres";
import type pg from "pg";
import {
  type EnrolmentStates,
  EXPIRE_ENROLMENTS,
  INSERT_ENROLMENT,
  TAKE_ENROLMENT,
  toPending,
} from "../enrol/enrolment-states.js";
import type { NotificationInbox } from "../notifications/notification-inbox.js";
import { FORGET_NOTIFICATIONS } from "../notifications/notification-plan.js";
import {
  CLAIM_TURN,
  LATEST_VITALS,
  type ServiceDatabase,
  vitalsOf,
} from "../store/service-database.js";
import { inTransaction } from "./_pg-transaction.js";
import { PostgresJobQueue } from "./postgres-job-queue.js";
import { PostgresNotificationInbox } from "./postgres-notification-inbox.js";
import { POSTGRES_SERVICE_MIGRATIONS } from "./postgres-service-migrations.js";
import { PostgresServiceUsers } from "./postgres-service-users.js";

const INT8 = 20;

/**
 * The {@link ServiceDatabase} in a PostgreSQL database shared by `withings serve` and every
 * `withings worker`: the same tables as SQLite's, beside the `PostgresStore`'s, on its pool.
 *
 * @example
 * ```ts
 * const store = await PostgresStore.open(process.env.DATABASE_URL!);
 * const database = await PostgresServiceDatabase.open(store.pool);
 * const service = createService({ store, database, client, webhookToken });
 * ```
 */
export class PostgresServiceDatabase implements ServiceDatabase {
  readonly #pool: pg.Pool;
  readonly queue: PostgresJobQueue;
  readonly users: PostgresServiceUsers;
  readonly enrolments: EnrolmentStates;

  private constructor(pool: pg.Pool, tokensKept: boolean) {
    this.#pool = pool;
    this.queue = new PostgresJobQueue(pool);
    this.users = new PostgresServiceUsers(pool, tokensKept);
    this.enrolments = {
      begin: async (state, pending, expiredBefore) => {
        await inTransaction(pool, async (db) => {
          await db.query(EXPIRE_ENROLMENTS, [expiredBefore]);
          await db.query(INSERT_ENROLMENT, [
            state,
            pending.study,
            pending.participantCode,
            pending.createdAt,
          ]);
        });
      },
      take: async (state) => {
        const { rows } = await pool.query<{
          study: string;
          participant_code: string;
          created_at: number;
        }>(TAKE_ENROLMENT, [state]);
        return rows[0] === undefined ? undefined : toPending(rows[0]);
      },
    };
  }

  /**
   * Brings the service's tables to the newest schema (under the migrations' advisory lock,
   * so workers starting together migrate once) and opens them on the pool.
   *
   * @throws {StoreError} `STORE_SCHEMA_TOO_NEW`, `STORE_MIGRATION_FAILED`, `STORE_IO`.
   * @example
   * ```ts
   * const database = await PostgresServiceDatabase.open(store.pool);
   * ```
   */
  static async open(pool: pg.Pool): Promise<PostgresServiceDatabase> {
    const { error } = await migratePostgres(pool, POSTGRES_SERVICE_MIGRATIONS, {
      table: "service_migrations",
    });
    if (error !== undefined) throw error;
    const { rows } = await pool.query<{ found: string | null }>(
      "SELECT to_regclass('tokens')::text AS found",
    );
    return new PostgresServiceDatabase(pool, rows[0]?.found != null);
  }

  inbox(isKnownUser: (userId: string) => Promise<boolean>): NotificationInbox {
    return new PostgresNotificationInbox(this.#pool, this.queue, this.users, isKnownUser);
  }

  async latestVitals(userId: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.#pool.query<Record<string, unknown>>(LATEST_VITALS, [userId]);
    const row = result.rows[0];
    if (row === undefined) return undefined;
    // Instants are BIGINT, which `pg` gives as text: numbers, as SQLite gives them.
    for (const field of result.fields) {
      const value = row[field.name];
      if (field.dataTypeID === INT8 && typeof value === "string") row[field.name] = Number(value);
    }
    return vitalsOf(row);
  }

  async claimTurn(name: string, now: number, everySeconds: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(CLAIM_TURN, [name, now, now - everySeconds]);
    return (rowCount ?? 0) > 0;
  }

  async forget(before: number): Promise<void> {
    await this.#pool.query(FORGET_NOTIFICATIONS, [before]);
  }

  async ping(): Promise<void> {
    await this.#pool.query("SELECT 1");
  }
}
