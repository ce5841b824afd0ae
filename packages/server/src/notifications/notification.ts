/**
 * A Withings notification as its form body carried it (reference §3.2). Every field is
 * optional and none is trusted: it is a hint that names a user, an `appli` and maybe a time
 * range, and the data is always read again from the API.
 *
 * @example
 * ```ts
 * const n: Notification = { userid: "123456", appli: 4, startdate: 1700000000, enddate: 1700000300 };
 * ```
 */
export interface Notification {
  readonly userid?: string;
  readonly appli?: number;
  readonly startdate?: number;
  readonly enddate?: number;
  /** `YYYY-MM-DD` or epoch seconds, as text (the guide allows either). */
  readonly date?: string;
  readonly deviceid?: string;
  /** appli 46 only: `delete`, `unlink` or `update`. */
  readonly action?: string;
}
