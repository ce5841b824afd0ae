import { frozenMap } from "./_frozen-map.js";

/**
 * The device class in the `model` field of sleep answers: on `sleep.getsummary` and on the
 * body of `sleep.get` it is 16 or 32, not a model id (Q11; the id is in `model_id`).
 *
 * @example
 * ```ts
 * const c: SleepDeviceClassInfo | undefined = sleepDeviceClasses.get(32); // sleep monitor
 * ```
 */
export interface SleepDeviceClassInfo {
  readonly code: number;
  readonly key: "tracker" | "sleepMonitor";
  readonly name: string;
}

/**
 * Sleep device classes, keyed by code. Read-only.
 *
 * @example
 * ```ts
 * sleepDeviceClasses.get(16)?.key; // "tracker"
 * ```
 */
export const sleepDeviceClasses: ReadonlyMap<number, SleepDeviceClassInfo> = frozenMap([
  [16, { code: 16, key: "tracker", name: "Activity tracker" }],
  [32, { code: 32, key: "sleepMonitor", name: "Sleep monitor" }],
]);
