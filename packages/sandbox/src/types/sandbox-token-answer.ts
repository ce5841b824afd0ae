/**
 * A token pair as `requesttoken` answers it (its `body`), which is also what the control API's
 * user creation returns, so tools can import either the same way.
 *
 * @example
 * ```ts
 * const { userid, access_token }: SandboxTokenAnswer = sandbox.createUser({ profile: "empty", years: 0 });
 * ```
 */
export interface SandboxTokenAnswer {
  /** Sent as a string, as the token endpoint of the real cloud often does. */
  readonly userid: string;
  readonly access_token: string;
  readonly refresh_token: string;
  /** Seconds: 10800 (3 h). */
  readonly expires_in: number;
  /** Comma-joined granted scopes. */
  readonly scope: string;
  readonly token_type: "Bearer";
}
