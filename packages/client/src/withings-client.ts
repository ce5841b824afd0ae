import { buildAuthorizeUrl, DEFAULT_SCOPES, verifyState } from "./auth/authorize-url.js";
import { decodeTokenAnswer } from "./auth/decode-token-answer.js";
import { signFields } from "./auth/sign.js";
import { TokenManager } from "./auth/token-manager.js";
import { type TokenSet, tokenSetFromResponse } from "./auth/token-set.js";
import { MemoryTokenStore, type TokenStore } from "./auth/token-store.js";
import type { CallOptions } from "./call-options.js";
import { type Clock, systemClock } from "./clock.js";
import { cloudUrls } from "./cloud.js";
import type { Scope } from "./endpoints.js";
import { WithingsArgumentError } from "./errors/withings-argument-error.js";
import { CloudClock } from "./http/cloud-clock.js";
import { encodeParams } from "./http/encode-params.js";
import { send, type TransportOptions } from "./http/transport.js";
import type { RateLimiter } from "./limits/rate-limiter.js";
import { type RetryPolicy, retryPolicy } from "./limits/retry-policy.js";
import { TokenBucket } from "./limits/token-bucket.js";
import type { TokenResponseBody } from "./types/oauth.js";
import { isClientOption, type WithingsClientOptions } from "./withings-client-options.js";
import { WithingsUserClient } from "./withings-user-client.js";

// Clients of one app in one process share a limiter unless given one: the limit is per
// app, so two unaware clients must not each take the full budget. Keyed by clock too, as a
// limiter only means something on the clock it measures with.
const sharedLimiters = new WeakMap<Clock, Map<string, RateLimiter>>();

/**
 * A Withings API client for one application: OAuth, signed app-level actions, and a
 * {@link WithingsUserClient} per user for data. Create it with {@link createWithingsClient}.
 *
 * @example
 * ```ts
 * const client = createWithingsClient({ clientId, clientSecret, redirectUri });
 * const { url, state } = client.authorizeUrl();
 * // …the user consents, the browser comes back to redirectUri…
 * const tokens = await client.exchangeRedirect(state, redirectedUrl);
 * const meas = await client.user(tokens.userId).getMeas({ meastypes: [1] });
 * ```
 */
export class WithingsClient {
  readonly clientId: string;
  readonly apiUrl: string;
  readonly accountUrl: string;
  readonly tokenStore: TokenStore;
  /** The Withings cloud's clock, as the `Date` of the latest answer showed it. */
  readonly cloudClock: CloudClock;
  readonly #options: WithingsClientOptions;
  readonly #transport: TransportOptions;
  readonly #tokens: TokenManager;
  // Reads in flight, shared by every user client of this client (keys include the user).
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: WithingsClientOptions) {
    if (typeof options !== "object" || options === null) {
      throw new WithingsArgumentError("ERR_INVALID_ARG_TYPE", "options must be an object");
    }
    for (const name of Object.keys(options)) {
      if (!isClientOption(name)) {
        throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `unknown option "${name}"`);
      }
    }
    if (typeof options.clientId !== "string" || options.clientId === "") {
      throw new WithingsArgumentError("ERR_MISSING_ARGS", "clientId is required");
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs > 0)) {
      throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "timeoutMs must be positive");
    }
    const urls = cloudUrls(options.cloud ?? "eu");
    const clock = options.clock ?? systemClock;
    const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const limiterKey = `${urls.apiUrl} ${options.clientId}`;
    let limiters = sharedLimiters.get(clock);
    if (!limiters) {
      limiters = new Map();
      sharedLimiters.set(clock, limiters);
    }
    let rateLimiter = options.rateLimiter ?? limiters.get(limiterKey);
    if (!rateLimiter) {
      rateLimiter = new TokenBucket({ clock });
      limiters.set(limiterKey, rateLimiter);
    }
    const retry: RetryPolicy =
      options.retry && "shouldRetry" in options.retry ? options.retry : retryPolicy(options.retry);
    this.#options = Object.freeze({ ...options });
    this.clientId = options.clientId;
    this.apiUrl = urls.apiUrl;
    this.accountUrl = urls.accountUrl;
    this.tokenStore = options.tokenStore ?? new MemoryTokenStore();
    this.cloudClock = new CloudClock(clock);
    this.#transport = Object.freeze({
      cloudClock: this.cloudClock,
      baseUrl: urls.apiUrl,
      fetch: fetchImpl,
      clock,
      rateLimiter,
      retry,
      timeoutMs,
      random: options.random ?? Math.random,
      onEvent: options.onEvent,
    });
    this.#tokens = new TokenManager(
      this.tokenStore,
      clock,
      options.refreshSkewMs ?? 300_000,
      (current) => this.#refreshTokens(current),
      (userId) => options.onEvent?.({ type: "refresh", userId }),
    );
    Object.freeze(this);
  }

  /**
   * The consent URL to send the user to, with a fresh `state` to keep and check.
   *
   * @example
   * ```ts
   * const { url, state } = client.authorizeUrl({ scope: ["user.metrics"] });
   * ```
   */
  authorizeUrl(
    options: {
      scope?: readonly Scope[];
      state?: string;
      redirectUri?: string;
      demo?: boolean;
    } = {},
  ): { url: string; state: string } {
    return buildAuthorizeUrl({
      accountUrl: this.accountUrl,
      clientId: this.clientId,
      redirectUri: this.#redirectUri(options.redirectUri),
      scope: options.scope ?? DEFAULT_SCOPES,
      ...(options.state === undefined ? {} : { state: options.state }),
      ...(options.demo === undefined ? {} : { demo: options.demo }),
    });
  }

  /**
   * Checks the redirect's `state` and exchanges its code at once (codes live 30 s), storing
   * the tokens.
   *
   * @example
   * ```ts
   * const tokens = await client.exchangeRedirect(savedState, req.url);
   * ```
   */
  async exchangeRedirect(
    expectedState: string,
    redirect: string | URL | URLSearchParams,
    options: CallOptions & { redirectUri?: string } = {},
  ): Promise<TokenSet> {
    return this.exchangeCode(verifyState(expectedState, redirect), options);
  }

  /**
   * Exchanges an authorization code for tokens and stores them under the user's id.
   *
   * @example
   * ```ts
   * const tokens = await client.exchangeCode(code);
   * ```
   */
  async exchangeCode(
    code: string,
    options: CallOptions & { redirectUri?: string } = {},
  ): Promise<TokenSet> {
    if (typeof code !== "string" || code === "") {
      throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "code must be a non-empty string");
    }
    const redirectUri = this.#redirectUri(options.redirectUri);
    const body = await this.#tokenRequest(
      { grant_type: "authorization_code", code, redirect_uri: redirectUri },
      [code],
      options.signal,
    );
    return this.saveTokens(body);
  }

  /**
   * Checks a token answer and stores it as the tokens of its user: the body of a
   * requesttoken call, or its `{"status": 0, "body"}` envelope, from this client, another
   * tool or the sandbox. Anything else is refused before anything is stored.
   *
   * @throws {WithingsResponseError} `"shape"` naming the first wrong field, never its value.
   * @throws {WithingsApiError} for an envelope whose status is an error.
   * @example
   * ```ts
   * const tokens = await client.saveTokens(JSON.parse(await readFile("tokens.json", "utf8")));
   * ```
   */
  async saveTokens(answer: unknown, fallbackUserId?: string): Promise<TokenSet> {
    const body = decodeTokenAnswer(answer, fallbackUserId);
    const tokens = tokenSetFromResponse(body, this.#transport.clock.now(), fallbackUserId);
    await this.tokenStore.set(tokens.userId, tokens);
    return tokens;
  }

  /**
   * Refreshes a user's tokens now (normally automatic), storing the rotated pair before it
   * is used.
   *
   * @example
   * ```ts
   * await client.refresh("12345");
   * ```
   */
  refresh(userId: string): Promise<TokenSet> {
    return this.#tokens.refresh(requireUserId(userId));
  }

  /**
   * Withdraws the app's access to a user (signed). Withings also drops the user's
   * subscriptions. The stored tokens are deleted.
   *
   * @example
   * ```ts
   * await client.revoke("12345");
   * ```
   */
  async revoke(userId: string, options: CallOptions = {}): Promise<void> {
    requireUserId(userId);
    await this.#signedCall("oauth2.revoke", { userid: userId }, options.signal);
    await this.tokenStore.delete(userId);
  }

  /**
   * Tokens for the Withings demo account (signed), stored under its user id.
   *
   * @example
   * ```ts
   * const demo = await client.getDemoAccess(["user.metrics", "user.activity"]);
   * ```
   */
  async getDemoAccess(
    scope: readonly Scope[] = DEFAULT_SCOPES,
    options: CallOptions = {},
  ): Promise<TokenSet> {
    const body = await this.#signedCall(
      "oauth2.getdemoaccess",
      { scope_oauth2: scope },
      options.signal,
    );
    return this.saveTokens(body, "demo");
  }

  /**
   * A single-use nonce (valid 30 min) for a signed call.
   *
   * @example
   * ```ts
   * const nonce = await client.getNonce();
   * ```
   */
  async getNonce(options: CallOptions = {}): Promise<string> {
    const secret = this.#secret();
    const body = await send(this.#transport, "signature.getnonce", {
      signal: options.signal,
      form: async () => {
        const timestamp = String(Math.floor(this.#transport.clock.now() / 1000));
        const fields = { action: "getnonce", client_id: this.clientId, timestamp };
        const signature = await signFields(fields, secret);
        return new URLSearchParams({ ...fields, signature });
      },
      secrets: [secret],
    });
    return body.nonce;
  }

  /**
   * The data API of one user, with automatic token refresh.
   *
   * @example
   * ```ts
   * const user = client.user("12345");
   * const devices = await user.getDevice();
   * ```
   */
  user(userId: string): WithingsUserClient {
    return new WithingsUserClient(requireUserId(userId), this.#transport, this.#tokens, {
      probeFullPages: this.#options.probeFullPages ?? true,
      inFlight: this.#inFlight,
    });
  }

  /**
   * The ids of the users whose tokens are stored.
   *
   * @example
   * ```ts
   * for (const id of await client.users()) await sync(client.user(id));
   * ```
   */
  users(): Promise<string[]> {
    return this.tokenStore.list();
  }

  async #refreshTokens(current: TokenSet): Promise<TokenSet> {
    const body = await this.#tokenRequest(
      { grant_type: "refresh_token", refresh_token: current.refreshToken },
      [current.refreshToken, current.accessToken],
      undefined,
    );
    const next = tokenSetFromResponse(body, this.#transport.clock.now(), current.userId);
    // A refresh answer may omit the scope; the grant has not changed.
    return next.scope.length > 0 ? next : { ...next, scope: current.scope };
  }

  #tokenRequest(
    fields: Record<string, string>,
    secrets: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<TokenResponseBody> {
    const secret = this.#secret();
    const sign = this.#options.signTokenRequests === true;
    return send(this.#transport, "oauth2.requesttoken", {
      signal,
      secrets: [secret, ...secrets],
      form: async () => {
        const form = encodeParams("oauth2.requesttoken", fields);
        form.set("client_id", this.clientId);
        if (sign) await this.#sign(form, "requesttoken", signal);
        else form.set("client_secret", secret);
        return form;
      },
    });
  }

  #signedCall<K extends "oauth2.revoke" | "oauth2.getdemoaccess">(
    key: K,
    params: object,
    signal: AbortSignal | undefined,
  ) {
    const form = encodeParams(key, params);
    return send(this.#transport, key, {
      signal,
      secrets: [this.#secret()],
      form: async () => {
        const signed = new URLSearchParams(form);
        await this.#sign(signed, form.get("action") ?? "", signal);
        return signed;
      },
    });
  }

  // Adds client_id, a fresh nonce and the signature of `action,client_id,nonce`.
  async #sign(
    form: URLSearchParams,
    action: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const nonce = await this.getNonce(signal ? { signal } : {});
    const fields = { action, client_id: this.clientId, nonce };
    form.set("client_id", this.clientId);
    form.set("nonce", nonce);
    form.set("signature", await signFields(fields, this.#secret()));
  }

  #secret(): string {
    const secret = this.#options.clientSecret;
    if (!secret)
      throw new WithingsArgumentError("ERR_MISSING_ARGS", "clientSecret is required for this call");
    return secret;
  }

  #redirectUri(given: string | undefined): string {
    const uri = given ?? this.#options.redirectUri;
    if (!uri) throw new WithingsArgumentError("ERR_MISSING_ARGS", "redirectUri is required");
    return uri;
  }
}

/**
 * Creates a {@link WithingsClient}. Options are validated, defaulted and frozen here.
 *
 * @example
 * ```ts
 * import { createWithingsClient } from "@withings-kit/client";
 * const client = createWithingsClient({ clientId: "id", clientSecret: "secret", redirectUri: "https://app.example/cb" });
 * ```
 */
export function createWithingsClient(options: WithingsClientOptions): WithingsClient {
  return new WithingsClient(options);
}

function requireUserId(userId: unknown): string {
  if (typeof userId !== "string" || !/^[\w.-]+$/.test(userId)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "userId must be a non-empty id string",
    );
  }
  return userId;
}
