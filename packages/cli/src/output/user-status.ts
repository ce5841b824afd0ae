/**
 * What `withings status --json` prints for one user.
 *
 * @example
 * ```ts
 * const s: UserStatus = { userId: "42", tokens: { expiresAt: "2025-01-01T12:00:00.000Z", scope: ["user.metrics"] }, login: "unknown", datasets: {} };
 * ```
 */
export interface UserStatus {
  readonly userId: string;
  /** `null` when no tokens are stored: the user must log in again to sync. */
  readonly tokens: { readonly expiresAt: string; readonly scope: readonly string[] } | null;
  /**
   * What the database records of the login: `revoked` (the user unlinked the app) or
   * `refused` (the last token refresh was refused), both until the user logs in again;
   * `unknown` when nothing says it failed, which does not prove it is still valid.
   */
  readonly login: "revoked" | "refused" | "unknown";
  readonly datasets: Readonly<
    Record<string, { readonly rows: number; readonly lastSyncAt: string | null }>
  >;
}
