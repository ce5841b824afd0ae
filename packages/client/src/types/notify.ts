/**
 * A notification subscription of one user for one `appli`.
 *
 * @example
 * ```ts
 * const s: Subscription = { appli: 1, callbackurl: "https://example.com/hook", comment: null };
 * ```
 */
export interface Subscription {
  readonly appli: number;
  readonly callbackurl: string;
  readonly comment?: string | null;
  /** Legacy; `2147483647` means never. */
  readonly expires?: number | string | null;
}

/**
 * The body of `notify.list`.
 *
 * @example
 * ```ts
 * const body: NotifyListBody = { profiles: [] };
 * ```
 */
export interface NotifyListBody {
  readonly profiles: readonly Subscription[];
}

/**
 * The body of actions that answer nothing (`notify.subscribe`, `revoke`, `update`,
 * `oauth2.revoke`).
 *
 * @example
 * ```ts
 * const body: EmptyBody = {};
 * ```
 */
export type EmptyBody = Readonly<Record<string, unknown>>;
