/**
 * Lays out rows as an aligned plain-text table: a header, a rule, the rows. Numbers are
 * right-aligned (and grouped by thousands), text left-aligned.
 *
 * @example
 * ```ts
 * formatTable(["dataset", "rows"], [["measures", 8951], ["goals", 3]]);
 * // dataset    rows
 * // --------  -----
 * // measures  8,951
 * // goals         3
 * ```
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === "number" ? cell.toLocaleString("en-US") : cell)),
  );
  const numeric = headers.map((_, i) =>
    rows.length > 0 ? rows.every((row) => typeof row[i] === "number" || row[i] === "") : false,
  );
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return numeric[i] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [
    line([...headers]),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map((row) => line(row)),
  ].join("\n");
}
