import type { TokenSet } from "./token-set.js";

/**
 * Where tokens live, per Withings user. `set` must not resolve before the pair is durable:
 * the client awaits it before it uses a rotated access token, because the first use kills
 * the old refresh token.
 *
 * @example
 * ```ts
 * const store: TokenStore = {
 *   get: async (id) => db.tokens.find(id),
 *   set: async (id, t) => db.tokens.save(id, t),
 *   delete: async (id) => db.tokens.remove(id),
 *   list: async () => db.tokens.ids(),
 * };
 * ```
 */
export interface TokenStore {
  get(userId: string): Promise<TokenSet | undefined>;
  set(userId: string, tokens: TokenSet): Promise<void>;
  delete(userId: string): Promise<void>;
  /** The user ids with stored tokens. */
  list(): Promise<string[]>;
  /**
   * Runs `work` while this user's refresh is locked for every process and machine that
   * shares the store, and resolves with its result. Optional: a store shared by several
   * processes implements it so that a refresh token is exchanged once (a second exchange of
   * the same refresh token kills the login, reference §5). Inside `work` the client reads
   * the pair again, and uses a pair another process rotated meanwhile instead of refreshing.
   * Without it, the client's single flight covers one process only.
   */
  exclusive?<T>(userId: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A {@link TokenStore} in memory, for tests and short-lived scripts. Durable stores (file,
 * database) ship with `@withings-kit/sync`.
 *
 * @example
 * ```ts
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore: new MemoryTokenStore() });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TokenSet>();

  async get(userId: string): Promise<TokenSet | undefined> {
    return this.#tokens.get(userId);
  }

  async set(userId: string, tokens: TokenSet): Promise<void> {
    this.#tokens.set(userId, Object.freeze({ ...tokens, scope: [...tokens.scope] }));
  }

  async delete(userId: string): Promise<void> {
    this.#tokens.delete(userId);
  }

  async list(): Promise<string[]> {
    return [...this.#tokens.keys()];
  }
}
