import { frozenMap } from "./_frozen-map.js";

/**
 * The `state` of a high-frequency sleep segment (`sleep.get`, reference §1.10).
 *
 * @example
 * ```ts
 * const s: SleepStateInfo | undefined = sleepStates.get(3); // { key: "rem", name: "REM" }
 * ```
 */
export interface SleepStateInfo {
  readonly code: number;
  readonly key: "awake" | "light" | "deep" | "rem" | "manual" | "unspecified" | "outOfBed";
  readonly name: string;
}

/**
 * Sleep segment states, keyed by code. Read-only. 15 (out of bed) needs a special plan.
 *
 * @example
 * ```ts
 * sleepStates.get(2)?.key; // "deep"
 * ```
 */
export const sleepStates: ReadonlyMap<number, SleepStateInfo> = frozenMap([
  [0, { code: 0, key: "awake", name: "Awake" }],
  [1, { code: 1, key: "light", name: "Light sleep" }],
  [2, { code: 2, key: "deep", name: "Deep sleep" }],
  [3, { code: 3, key: "rem", name: "REM" }],
  [4, { code: 4, key: "manual", name: "Manual" }],
  [5, { code: 5, key: "unspecified", name: "Unspecified" }],
  [15, { code: 15, key: "outOfBed", name: "Out of bed" }],
]);
