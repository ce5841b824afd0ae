/**
 * The body of a successful `oauth2.requesttoken` (either grant) or `getdemoaccess`, with
 * `userid` always a string (the API sends a number or a string).
 *
 * @example
 * ```ts
 * const t: TokenResponseBody = { userid: "12345", access_token: "a", refresh_token: "r", expires_in: 10800 };
 * ```
 */
export interface TokenResponseBody {
  readonly userid?: string;
  readonly access_token: string;
  readonly refresh_token: string;
  /** Seconds; absent on some answers, then taken as 10800 (3 h). */
  readonly expires_in?: number;
  /** Comma-joined scopes the user granted. */
  readonly scope?: string;
  readonly token_type?: string;
  readonly csrf_token?: string;
}

/**
 * The body of `signature.getnonce`.
 *
 * @example
 * ```ts
 * const n: NonceBody = { nonce: "9f86d081884c7d659a2feaa0c55ad015" };
 * ```
 */
export interface NonceBody {
  readonly nonce: string;
}
