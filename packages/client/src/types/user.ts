/**
 * One device of the user (`user.getdevice`).
 *
 * @example
 * ```ts
 * const d: Device = { type: "Scale", model: "Body+", model_id: 5, deviceid: "abc" };
 * ```
 */
export interface Device {
  readonly type: string;
  /** Can be `""` (Sleep Analyzer) or absent in synthetic answers. */
  readonly model?: string;
  readonly model_id?: number | null;
  /** `high`, `medium`, `low` or `unknown`. */
  readonly battery?: string;
  readonly deviceid?: string;
  readonly hash_deviceid?: string | null;
  readonly timezone?: string;
  readonly first_session_date?: number | null;
  readonly last_session_date?: number | null;
}

/**
 * The body of `user.getdevice`.
 *
 * @example
 * ```ts
 * const body: GetDevicesBody = { devices: [] };
 * ```
 */
export interface GetDevicesBody {
  readonly devices: readonly Device[];
}

/**
 * The user's goals. Every key can be missing; an answer of `"goals": []` decodes as `{}`.
 *
 * @example
 * ```ts
 * const g: Goals = { steps: 10000, sleep: 28800, weight: { value: 70500, unit: -3 } };
 * ```
 */
export interface Goals {
  readonly steps?: number;
  /** Seconds. */
  readonly sleep?: number;
  readonly weight?: { readonly value: number; readonly unit: number };
}

/**
 * The body of `user.getgoals`.
 *
 * @example
 * ```ts
 * const body: GetGoalsBody = { goals: {} };
 * ```
 */
export interface GetGoalsBody {
  readonly goals: Goals;
}
