/**
 * The spans a page offers: the last week, month or year of a history, or all of it.
 *
 * @example
 * ```ts
 * const preset: RangePreset = "month";
 * ```
 */
export type RangePreset = "week" | "month" | "year" | "all";

/**
 * Every preset, in the order the page shows them.
 *
 * @example
 * ```ts
 * RANGE_PRESETS.includes("year"); // true
 * ```
 */
export const RANGE_PRESETS: readonly RangePreset[] = Object.freeze([
  "week",
  "month",
  "year",
  "all",
]);

const DAYS: Readonly<Record<Exclude<RangePreset, "all">, number>> = {
  week: 7,
  month: 31,
  year: 366,
};

/**
 * The `[from, to)` epoch seconds of a preset ending at `anchor`, or `{}` for all. Calendar
 * months and years vary; fixed day counts keep every range the same width on the screen.
 *
 * @example
 * ```ts
 * presetRange("week", 1_768_392_000); // { from: 1_767_787_200, to: 1_768_392_001 }
 * ```
 */
export function presetRange(
  preset: RangePreset,
  anchor: number,
): { readonly from?: number; readonly to?: number } {
  if (preset === "all") return {};
  // `to` is exclusive: the anchor's own second is in the range.
  return { from: anchor - DAYS[preset] * 86_400, to: anchor + 1 };
}

/**
 * Reads a preset from a query value, falling back when it is not one.
 *
 * @example
 * ```ts
 * parsePreset("year", "month"); // "year"
 * parsePreset("<script>", "month"); // "month"
 * ```
 */
export function parsePreset(value: string | undefined, fallback: RangePreset): RangePreset {
  return RANGE_PRESETS.find((p) => p === value) ?? fallback;
}
