import type pg from "pg";
import type { LockOptions, LockResult } from "../store.js";
import { query } from "./_pg-query.js";

// The first key of the lease's advisory lock (the second is the user id's hash).
const LOCK_SPACE = 0x5749_4b4c; // "WIKL"

interface LockRow {
  readonly holder: string;
  readonly since: number;
  readonly expires_at: number;
}

/**
 * Takes or renews the lease on a user (see `Store.lock`; options already checked) in one
 * transaction on `client`, under an advisory lock on the user: two processes never both
 * read the lease free, even when no row exists yet to lock.
 */
export async function lockUser(
  client: pg.ClientBase,
  userId: string,
  holder: string,
  options: LockOptions,
): Promise<LockResult> {
  const { now, leaseSeconds, steal, renewOnly } = options;
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_SPACE, userId]);
    const { rows } = await query<LockRow>(
      client,
      "SELECT holder, since, expires_at FROM sync_locks WHERE user_id = $1",
      [userId],
    );
    const current = rows[0];
    let result: LockResult;
    if (current !== undefined && current.holder === holder) {
      // A renewal keeps `since`: it still dates the run that took the lease.
      await query(client, "UPDATE sync_locks SET expires_at = $1 WHERE user_id = $2", [
        now + leaseSeconds,
        userId,
      ]);
      result = { acquired: true };
    } else if (renewOnly === true) {
      result =
        current === undefined
          ? { acquired: false, holder: "", since: now, expiresAt: now }
          : {
              acquired: false,
              holder: current.holder,
              since: current.since,
              expiresAt: current.expires_at,
            };
    } else if (
      current === undefined ||
      current.expires_at <= now ||
      (steal !== undefined && steal === current.holder)
    ) {
      await query(
        client,
        `INSERT INTO sync_locks (user_id, holder, since, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET holder = excluded.holder, since = excluded.since,
           expires_at = excluded.expires_at`,
        [userId, holder, now, now + leaseSeconds],
      );
      result = { acquired: true };
    } else {
      result = {
        acquired: false,
        holder: current.holder,
        since: current.since,
        expiresAt: current.expires_at,
      };
    }
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
