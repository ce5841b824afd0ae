/**
 * One value of a flat row: what a CSV cell, a data-frame column or a SQL parameter can hold
 * without further encoding. Nested API values (sleep `night_events`, unknown fields) are
 * carried as JSON text.
 *
 * @example
 * ```ts
 * const csvLine = (row: Readonly<Record<string, Cell>>) => Object.values(row).map(String).join(",");
 * ```
 */
export type Cell = string | number | boolean | null;
