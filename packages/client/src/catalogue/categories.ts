import { frozenMap } from "./_frozen-map.js";

/**
 * The `category` of a measure group (reference §2.3).
 *
 * @example
 * ```ts
 * const c: CategoryInfo | undefined = categories.get(1); // { key: "real", ... }
 * ```
 */
export interface CategoryInfo {
  readonly code: number;
  readonly key: "real" | "objective";
  readonly description: string;
}

/**
 * Measure-group categories: `1` real measurements, `2` user objectives (goals). Read-only.
 *
 * @example
 * ```ts
 * categories.get(2)?.key; // "objective"
 * ```
 */
export const categories: ReadonlyMap<number, CategoryInfo> = frozenMap([
  [1, { code: 1, key: "real", description: "A real measurement" }],
  [2, { code: 2, key: "objective", description: "A user objective (goal)" }],
]);
