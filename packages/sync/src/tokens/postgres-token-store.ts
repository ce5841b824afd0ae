import type { TokenSet, TokenStore } from "@withings-kit/client";
import pg from "pg";
import { pgStoreError } from "../store/pg-error.js";
import { checkOut, giveBack, ignoreConnectionError } from "../store/postgres/pool-client.js";
import { checkTokenSet, knownScopes } from "./_token-set.js";

// The first key of the store's advisory locks (the second is the user id's hash), so that
// they do not meet other applications' locks in the same database.
const LOCK_SPACE = 0x5749_4b54; // "WIKT"

const TABLE = `CREATE TABLE IF NOT EXISTS tokens (
  user_id TEXT PRIMARY KEY,
  token_user_id TEXT NOT NULL,
  access_token TEXT NOT NULL,
  refresh_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  scope TEXT NOT NULL,
  token_type TEXT NOT NULL,
  updated_at BIGINT NOT NULL
)`;

interface TokenRow {
  token_user_id: string;
  access_token: string;
  refresh_token: string;
  expires_at: string;
  scope: string;
  token_type: string;
}

/**
 * Options of {@link PostgresTokenStore.open}.
 *
 * @example
 * ```ts
 * const options: PostgresTokenStoreOptions = { lockConnections: 8 };
 * ```
 */
export interface PostgresTokenStoreOptions {
  /**
   * Connections the store opens for its locks, besides the pool's: refreshes of that many
   * users run at once in this process, the others wait their turn. @default 4
   */
  readonly lockConnections?: number;
}

/**
 * A {@link TokenStore} in the `tokens` table of a PostgreSQL database, for workers on
 * several machines. `set` resolves once PostgreSQL committed the pair. `exclusive` holds a
 * PostgreSQL advisory lock on the user for the whole refresh, so that however many
 * processes find a token expired at once, one exchanges the refresh token and the others
 * wait, then read the pair it committed. PostgreSQL drops the lock of a process that dies
 * with its connection, so a crash never leaves a user locked. The locks live on
 * connections of their own, never the pool's: a refresh that needs the pool (to store the
 * pair, or for a rate limiter on it) can never wait behind locks that hold all of it.
 * `delete` takes the lock too, so a refresh in flight cannot bring back a deleted pair.
 *
 * Errors carry PostgreSQL's SQLSTATE, never its message or the values sent: these are
 * secrets.
 *
 * @example
 * ```ts
 * const tokens = await PostgresTokenStore.open(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore: tokens });
 * ```
 */
export class PostgresTokenStore implements TokenStore {
  readonly #pool: pg.Pool;
  readonly #locks: pg.Pool;

  private constructor(pool: pg.Pool, locks: pg.Pool) {
    this.#pool = pool;
    this.#locks = locks;
  }

  /**
   * Opens the store on `pool`, creating the `tokens` table when it does not exist. The pool
   * stays the caller's to end; the store's own lock connections end with {@link close}, or
   * by themselves once idle.
   *
   * @example
   * ```ts
   * const tokens = await PostgresTokenStore.open(pool);
   * ```
   */
  static async open(
    pool: pg.Pool,
    options: PostgresTokenStoreOptions = {},
  ): Promise<PostgresTokenStore> {
    try {
      await pool.query(TABLE);
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.open");
    }
    const locks = new pg.Pool({
      ...pool.options,
      max: options.lockConnections ?? 4,
      // Idle lock connections must not keep a finished program running.
      allowExitOnIdle: true,
    });
    // An idle connection that breaks is replaced at the next lock; it must not crash.
    locks.on("error", ignoreConnectionError);
    return new PostgresTokenStore(pool, locks);
  }

  async get(userId: string): Promise<TokenSet | undefined> {
    try {
      const { rows } = await this.#pool.query<TokenRow>(
        `SELECT token_user_id, access_token, refresh_token, expires_at, scope, token_type
           FROM tokens WHERE user_id = $1`,
        [userId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        userId: row.token_user_id,
        accessToken: row.access_token,
        refreshToken: row.refresh_token,
        expiresAt: Number(row.expires_at),
        scope: knownScopes(row.scope === "" ? [] : row.scope.split(",")),
        tokenType: row.token_type,
      };
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.get");
    }
  }

  async set(userId: string, tokens: TokenSet): Promise<void> {
    const t = checkTokenSet(userId, tokens, "PostgresTokenStore.set");
    try {
      await this.#pool.query(
        `INSERT INTO tokens (user_id, token_user_id, access_token, refresh_token, expires_at, scope, token_type, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id) DO UPDATE SET token_user_id = excluded.token_user_id,
           access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, scope = excluded.scope,
           token_type = excluded.token_type, updated_at = excluded.updated_at`,
        [
          userId,
          t.userId,
          t.accessToken,
          t.refreshToken,
          t.expiresAt,
          t.scope.join(","),
          t.tokenType,
          Date.now(),
        ],
      );
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.set");
    }
  }

  async delete(userId: string): Promise<void> {
    await this.exclusive(userId, async () => {
      try {
        await this.#pool.query("DELETE FROM tokens WHERE user_id = $1", [userId]);
      } catch (error) {
        throw pgStoreError(error, "PostgresTokenStore.delete");
      }
    });
  }

  async list(): Promise<string[]> {
    try {
      const { rows } = await this.#pool.query<{ user_id: string }>(
        "SELECT user_id FROM tokens ORDER BY user_id",
      );
      return rows.map((r) => r.user_id);
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.list");
    }
  }

  async exclusive<T>(userId: string, work: () => Promise<T>): Promise<T> {
    let connection: pg.PoolClient;
    try {
      connection = await checkOut(this.#locks);
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.exclusive");
    }
    try {
      // Session-level, not in a transaction: `set` inside `work` commits at once, so the
      // rotated pair is durable whatever happens to the lock afterwards.
      await connection.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_SPACE, userId]);
    } catch (error) {
      giveBack(connection, true);
      throw pgStoreError(error, "PostgresTokenStore.exclusive");
    }
    try {
      return await work();
    } finally {
      let broken = false;
      try {
        await connection.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_SPACE, userId]);
      } catch {
        // A connection that cannot unlock is closed instead, which drops its locks.
        broken = true;
      }
      giveBack(connection, broken);
    }
  }

  /** Ends the store's lock connections (not the pool it was opened on). */
  async close(): Promise<void> {
    await this.#locks.end();
  }
}
