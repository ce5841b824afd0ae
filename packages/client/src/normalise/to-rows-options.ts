/**
 * Options of `toRows`.
 *
 * @example
 * ```ts
 * const options: ToRowsOptions = { imperial: true, timezone: "America/Los_Angeles" };
 * ```
 */
export interface ToRowsOptions {
  /**
   * Show kg, m and °C values in lb, in and °F (measures and the weight goal). The `value`
   * and `unit` columns change; `rawValue`/`rawUnit` keep the stored metric value. Rounding
   * is described at `toImperial`.
   * @default false
   */
  readonly imperial?: boolean;
  /**
   * The IANA zone for records that carry none (intraday, sleep detail, ECG) or carry an
   * invalid one. Records with their own valid `timezone` always use it (Q14: bucket by the
   * record's own zone, not the server's). An invalid name here is a programmer error and
   * throws.
   * @default "UTC"
   */
  readonly timezone?: string;
}
