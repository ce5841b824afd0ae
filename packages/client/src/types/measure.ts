/**
 * One measure inside a group. The real value is `value × 10^unit`: `unit` is a decimal
 * exponent, not a unit of measure, and it varies between records of the same type.
 *
 * @example
 * ```ts
 * const m: Measure = { value: 37370, type: 71, unit: -3 }; // 37.37 °C
 * ```
 */
export interface Measure {
  readonly value: number;
  /** The measure type code (see `measureTypes`). */
  readonly type: number;
  /** The decimal exponent. */
  readonly unit: number;
  readonly algo?: number;
  readonly fm?: number;
  /** Body position of segmental measures (see `positions`). */
  readonly position?: number;
}

/**
 * One measurement event. Key it by `grpid`: one weigh-in yields several groups with the
 * same `date` (quirk Q10).
 *
 * @example
 * ```ts
 * function isConfirmed(g: MeasureGroup) { return g.attrib !== 1 && g.attrib !== 4; }
 * ```
 */
export interface MeasureGroup {
  readonly grpid: number;
  readonly attrib: number;
  /** When the measurement was taken, Unix seconds. */
  readonly date: number;
  readonly created?: number;
  /** Last change, Unix seconds: what `lastupdate` compares against. */
  readonly modified?: number;
  /** 1 real measure, 2 user objective. */
  readonly category: number;
  readonly deviceid?: string | null;
  readonly hash_deviceid?: string | null;
  readonly measures: readonly Measure[];
  readonly model?: string | null;
  readonly modelid?: number | null;
  readonly comment?: string | null;
  /** Seen on some groups; falls back to the body's `timezone`. */
  readonly timezone?: string;
}

/**
 * The body of `measure.getmeas`.
 *
 * @example
 * ```ts
 * const body: GetMeasBody = { measuregrps: [], more: 0, offset: 0, timezone: "Europe/Paris" };
 * ```
 */
export interface GetMeasBody {
  readonly updatetime?: number;
  /** The user's IANA time zone. */
  readonly timezone?: string;
  readonly measuregrps: readonly MeasureGroup[];
  /** `0`/`1` on getmeas (quirk Q6). */
  readonly more?: number | boolean;
  readonly offset?: number;
}
