import type { EnrolmentStates } from "../enrol/enrolment-states.js";
import type { NotificationInbox } from "../notifications/notification-inbox.js";
import type { JobQueue } from "../queue/job-queue.js";
import type { ServiceUsers } from "../users/service-users.js";

/**
 * The service's own tables beside the store's (the inbox, the job queue, the users' link
 * status, the enrolments), in the same database: the SQLite file of one process
 * (`sqliteServiceDatabase`) or the PostgreSQL database of every worker
 * (`PostgresServiceDatabase` of `@withings-kit/server/postgres`).
 *
 * @example
 * ```ts
 * const database = sqliteServiceDatabase(store);
 * await database.queue.enqueue({ userId: "42", datasets: "all", priority: "catch-up", now });
 * ```
 */
export interface ServiceDatabase {
  readonly queue: JobQueue;
  readonly users: ServiceUsers;
  readonly enrolments: EnrolmentStates;
  /** The webhook's inbox; a user is known when `isKnownUser` says so. */
  inbox(isKnownUser: (userId: string) => Promise<boolean>): NotificationInbox;
  /** The user's newest group of the store's `vitals` view, without ids and empty columns. */
  latestVitals(userId: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Takes the turn of the scheduled task `name` at `now` when it last ran `everySeconds` or
   * more ago (or never), for whichever process asks first: true for that one, recording
   * `now`; false for the others.
   */
  claimTurn(name: string, now: number, everySeconds: number): Promise<boolean>;
  /** Forgets the notifications received before `before` (epoch seconds). */
  forget(before: number): Promise<void>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

/** `$1` name, `$2` now, `$3` the latest last run that lets this one go: a row when taken. */
export const CLAIM_TURN =
  "INSERT INTO service_schedule (name, last_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET last_at = excluded.last_at WHERE service_schedule.last_at <= $3 RETURNING name";

/** The newest `vitals` group of a user (`$1`). */
export const LATEST_VITALS = "SELECT * FROM vitals WHERE user_id = $1 ORDER BY at DESC LIMIT 1";

/** A `vitals` row without its ids and empty columns. */
export function vitalsOf(
  row: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (row === undefined) return undefined;
  const vitals: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key !== "user_id" && key !== "grpid" && value !== null) vitals[key] = value;
  }
  return vitals;
}
