/**
 * What `withings status --json` prints for one user.
 *
 * @example
 * ```ts
 * const s: UserStatus = { userId: "42", tokens: { expiresAt: "2025-01-01T12:00:00.000Z", scope: ["user.metrics"] }, datasets: {} };
 * ```
 */
export interface UserStatus {
  readonly userId: string;
  /** `null` when no tokens are stored: the user must log in again to sync. */
  readonly tokens: { readonly expiresAt: string; readonly scope: readonly string[] } | null;
  readonly datasets: Readonly<
    Record<string, { readonly rows: number; readonly lastSyncAt: string | null }>
  >;
}
