import type { Clock } from "../clock.js";
import { WithingsAuthError, WithingsInvalidParamsError } from "../errors/withings-api-error.js";
import type { TokenSet } from "./token-set.js";
import type { TokenStore } from "./token-store.js";

/**
 * Exchanges a refresh token for a new pair; provided by the client.
 *
 * @example
 * ```ts
 * const refresher: Refresher = async (current) => ({
 *   ...current, accessToken: "new", refreshToken: "rotated", expiresAt: Date.now() + 10_800_000,
 * });
 * ```
 */
export type Refresher = (current: TokenSet) => Promise<TokenSet>;

// Refreshes in flight, per store and user. Keyed by the store so that every client sharing
// a store shares the single flight too: two refreshes with one refresh token race, and the
// loser gets 601 then 503 (reference §5 "Concurrency").
const inFlight = new WeakMap<TokenStore, Map<string, Promise<TokenSet>>>();

/**
 * Hands out valid access tokens per user: refreshes before expiry (with `skewMs` to spare)
 * and after the API rejects a token, runs one refresh at a time per user however many calls
 * wait, and stores the rotated pair — awaited — before anyone uses the new access token, so
 * a crash can never leave only a dead refresh token behind. Across processes, a store with
 * `exclusive` makes the refresh happen once (see {@link TokenStore.exclusive}).
 *
 * @example
 * ```ts
 * // The client builds one; the refresher exchanges `t.refreshToken` for a new pair.
 * const tokens = new TokenManager(tokenStore, systemClock, 300_000, (t) => exchangeRefreshToken(t));
 * const access = await tokens.accessToken("12345");
 * ```
 */
export class TokenManager {
  readonly #store: TokenStore;
  readonly #clock: Clock;
  readonly #skewMs: number;
  readonly #refresher: Refresher;
  readonly #onRefresh: ((userId: string) => void) | undefined;

  constructor(
    store: TokenStore,
    clock: Clock,
    skewMs: number,
    refresher: Refresher,
    onRefresh?: (userId: string) => void,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#skewMs = skewMs;
    this.#refresher = refresher;
    this.#onRefresh = onRefresh;
  }

  /** A usable access token for the user, refreshed first if it is about to expire. */
  async accessToken(userId: string): Promise<string> {
    const pending = inFlight.get(this.#store)?.get(userId);
    if (pending) return (await pending).accessToken;
    const tokens = await this.#load(userId);
    if (tokens.expiresAt - this.#skewMs > this.#clock.now()) return tokens.accessToken;
    return (await this.#refreshOnce(userId, tokens)).accessToken;
  }

  /**
   * Called after the API answered 401 to `rejected`. If another call already rotated the
   * pair, its token is returned without a second refresh.
   */
  async afterRejection(userId: string, rejected: string): Promise<string> {
    const pending = inFlight.get(this.#store)?.get(userId);
    if (pending) return (await pending).accessToken;
    const tokens = await this.#load(userId);
    if (tokens.accessToken !== rejected) return tokens.accessToken;
    return (await this.#refreshOnce(userId, tokens)).accessToken;
  }

  /** Refreshes now, whatever the expiry says. */
  async refresh(userId: string): Promise<TokenSet> {
    const pending = inFlight.get(this.#store)?.get(userId);
    if (pending) return pending;
    return this.#refreshOnce(userId, await this.#load(userId));
  }

  async #load(userId: string): Promise<TokenSet> {
    const tokens = await this.#store.get(userId);
    if (!tokens) {
      throw new WithingsAuthError({
        status: 401,
        family: "auth",
        apiMessage: `no tokens stored for user ${userId}`,
        needsReauthorization: true,
      });
    }
    return tokens;
  }

  #refreshOnce(userId: string, current: TokenSet): Promise<TokenSet> {
    let perStore = inFlight.get(this.#store);
    if (!perStore) {
      perStore = new Map();
      inFlight.set(this.#store, perStore);
    }
    const existing = perStore.get(userId);
    if (existing) return existing;
    const flight = this.#rotate(userId, current).finally(() => perStore.delete(userId));
    perStore.set(userId, flight);
    return flight;
  }

  #rotate(userId: string, current: TokenSet): Promise<TokenSet> {
    const store = this.#store;
    if (store.exclusive === undefined) return this.#exchange(userId, current);
    return store.exclusive(userId, async () => {
      const latest = await this.#load(userId);
      // Another process rotated the pair while this one waited for the lock: its refresh
      // token is already spent, the new pair is good.
      if (latest.refreshToken !== current.refreshToken) return latest;
      return this.#exchange(userId, latest);
    });
  }

  async #exchange(userId: string, current: TokenSet): Promise<TokenSet> {
    let next: TokenSet;
    try {
      next = await this.#refresher(current);
    } catch (error) {
      // 503 on the token endpoint means the refresh token is dead (reference Q2): only a
      // new consent helps.
      if (error instanceof WithingsInvalidParamsError) {
        throw new WithingsAuthError({
          status: error.status,
          family: error.family,
          apiMessage: error.apiMessage,
          action: "oauth2.requesttoken",
          endpoint: "/v2/oauth2",
          cause: error,
          needsReauthorization: true,
        });
      }
      throw error;
    }
    this.#onRefresh?.(userId);
    // Durable before use: the first use of the new access token kills the old refresh token.
    await this.#store.set(userId, next);
    return next;
  }
}
