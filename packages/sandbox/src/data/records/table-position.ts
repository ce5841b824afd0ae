/**
 * Where a record sits in its table's total order: (`sort`, `tie`, `id`) ascending. The id
 * breaks ties that `sort` and `tie` leave (several activity records of one date), so every
 * record of a table has a position of its own, which keyset offsets rely on.
 *
 * @example
 * ```ts
 * const p: TablePosition = { sort: 20_454, tie: 0, id: "2026-01-01|1|93" };
 * ```
 */
export interface TablePosition {
  readonly sort: number;
  readonly tie: number;
  readonly id: number | string;
}

/**
 * Compares two positions of a table: negative when `a` comes first, 0 when equal.
 *
 * @example
 * ```ts
 * comparePositions({ sort: 1, tie: 0, id: "a" }, { sort: 1, tie: 0, id: "b" }); // -1
 * ```
 */
export function comparePositions(a: TablePosition, b: TablePosition): number {
  const bySort = a.sort - b.sort || a.tie - b.tie;
  if (bySort !== 0 || a.id === b.id) return bySort;
  // Numbers before strings, then each in its natural order.
  if (typeof a.id === "number" && typeof b.id === "number") return a.id - b.id;
  if (typeof a.id === "number") return -1;
  if (typeof b.id === "number") return 1;
  return a.id < b.id ? -1 : 1;
}
