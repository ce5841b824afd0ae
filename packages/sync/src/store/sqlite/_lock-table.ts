import type BetterSqlite3 from "better-sqlite3";
import type { LockOptions, LockResult } from "../store.js";

interface LockRow {
  readonly holder: string;
  readonly since: number;
  readonly expires_at: number;
}

/**
 * The `sync_locks` table (migration 0003): one lease per user. Taking a lease reads and
 * writes in one immediate transaction, so two processes sharing the file never both get it:
 * the second waits for the first's write lock (up to the busy timeout) and then sees its row.
 */
export class LockTable {
  readonly #read: BetterSqlite3.Statement;
  readonly #take: BetterSqlite3.Statement;
  readonly #renew: BetterSqlite3.Statement;
  readonly #release: BetterSqlite3.Statement;
  readonly #lock: BetterSqlite3.Transaction<
    (userId: string, holder: string, options: LockOptions) => LockResult
  >;

  constructor(db: BetterSqlite3.Database) {
    this.#read = db.prepare("SELECT holder, since, expires_at FROM sync_locks WHERE user_id = ?");
    this.#take = db.prepare(
      `INSERT INTO sync_locks (user_id, holder, since, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET holder = excluded.holder, since = excluded.since,
         expires_at = excluded.expires_at`,
    );
    this.#renew = db.prepare("UPDATE sync_locks SET expires_at = ? WHERE user_id = ?");
    this.#release = db.prepare("DELETE FROM sync_locks WHERE user_id = ? AND holder = ?");
    this.#lock = db.transaction((userId: string, holder: string, options: LockOptions) => {
      const { now, leaseSeconds, steal, renewOnly } = options;
      const current = this.#read.get(userId) as LockRow | undefined;
      if (current !== undefined && current.holder === holder) {
        // A renewal keeps `since`: it still dates the run that took the lease.
        this.#renew.run(now + leaseSeconds, userId);
        return { acquired: true };
      }
      if (renewOnly === true) {
        return current === undefined
          ? { acquired: false, holder: "", since: now, expiresAt: now }
          : {
              acquired: false,
              holder: current.holder,
              since: current.since,
              expiresAt: current.expires_at,
            };
      }
      if (
        current === undefined ||
        current.expires_at <= now ||
        (steal !== undefined && steal === current.holder)
      ) {
        this.#take.run(userId, holder, now, now + leaseSeconds);
        return { acquired: true };
      }
      return {
        acquired: false,
        holder: current.holder,
        since: current.since,
        expiresAt: current.expires_at,
      };
    });
  }

  /** Takes or renews the lease (see `Store.lock`); the options are already checked. */
  lock(userId: string, holder: string, options: LockOptions): LockResult {
    return this.#lock.immediate(userId, holder, options);
  }

  /** Releases the lease if `holder` holds it. */
  unlock(userId: string, holder: string): void {
    this.#release.run(userId, holder);
  }
}
