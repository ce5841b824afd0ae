import { AsyncLocalStorage } from "node:async_hooks";
import type { TokenSet, TokenStore } from "@withings-kit/client";
import type { Pool, PoolClient } from "pg";
import { pgStoreError } from "../store/_pg-error.js";
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
 * A {@link TokenStore} in the `tokens` table of a PostgreSQL database, for workers on
 * several machines. `set` resolves once PostgreSQL committed the pair. `exclusive` holds a
 * PostgreSQL advisory lock on the user for the whole refresh, on a connection of its own,
 * so that however many processes find a token expired at once, one exchanges the refresh
 * token and the others wait, then read the pair it committed. PostgreSQL drops the lock of
 * a process that dies with its connection, so a crash never leaves a user locked.
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
  readonly #pool: Pool;
  // The connection that holds a user's lock, for the reads and writes made under it: a
  // second connection from the pool could wait forever behind locks holding all of them.
  readonly #held = new AsyncLocalStorage<PoolClient>();

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /**
   * Opens the store on `pool`, creating the `tokens` table when it does not exist. The pool
   * stays the caller's to end.
   *
   * @example
   * ```ts
   * const tokens = await PostgresTokenStore.open(pool);
   * ```
   */
  static async open(pool: Pool): Promise<PostgresTokenStore> {
    try {
      await pool.query(TABLE);
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.open");
    }
    return new PostgresTokenStore(pool);
  }

  async get(userId: string): Promise<TokenSet | undefined> {
    try {
      const { rows } = await this.#db().query<TokenRow>(
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
      await this.#db().query(
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
    try {
      await this.#db().query("DELETE FROM tokens WHERE user_id = $1", [userId]);
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.delete");
    }
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
    // Already under this user's lock (a refresh inside a refresh): PostgreSQL's advisory
    // locks are re-entrant per session, but a second connection would wait for the first.
    if (this.#held.getStore() !== undefined) return work();
    let connection: PoolClient;
    try {
      connection = await this.#pool.connect();
    } catch (error) {
      throw pgStoreError(error, "PostgresTokenStore.exclusive");
    }
    try {
      // Session-level, not in a transaction: `set` inside `work` commits at once, so the
      // rotated pair is durable whatever happens to the lock afterwards.
      await connection.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_SPACE, userId]);
    } catch (error) {
      connection.release(true);
      throw pgStoreError(error, "PostgresTokenStore.exclusive");
    }
    try {
      return await this.#held.run(connection, work);
    } finally {
      let broken = false;
      try {
        await connection.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_SPACE, userId]);
      } catch {
        // A connection that cannot unlock is closed instead, which drops its locks.
        broken = true;
      }
      connection.release(broken);
    }
  }

  #db(): Pool | PoolClient {
    return this.#held.getStore() ?? this.#pool;
  }
}
