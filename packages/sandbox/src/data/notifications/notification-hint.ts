/**
 * What a data change should notify: one hint per `appli` category touched (reference §3.1),
 * with the range of data it covers. The HTTP layer turns hints into form-encoded webhook
 * calls to the user's subscriptions for that `appli`.
 *
 * @example
 * ```ts
 * const hint: NotificationHint = { appli: 4, startdate: 1700000000, enddate: 1700000000 };
 * const form = new URLSearchParams({ userid: "42", appli: String(hint.appli) });
 * ```
 */
export interface NotificationHint {
  /** 1 weight/body composition, 2 temperature, 4 blood pressure/heart rate/SpO2, 16 activity, 44 sleep, 54 ECG. */
  readonly appli: number;
  /** Start of the data range, epoch seconds. */
  readonly startdate: number;
  /** End of the data range, epoch seconds (equal to `startdate` for a single measurement). */
  readonly enddate: number;
  /** The local day (`YYYY-MM-DD`) for day-based data (activity, sleep). */
  readonly date?: string;
}
