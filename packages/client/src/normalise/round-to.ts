import { POW10 } from "./_pow10.js";

/**
 * Rounds to `places` decimals (0–22) without binary noise, halves away from zero, treating
 * the value as the decimal its shortest text shows: 1.005 to 2 places gives 1.01, although
 * the double nearest 1.005 lies just below it.
 *
 * @example
 * ```ts
 * roundTo(2.675, 2); // 2.68 (`Math.round(2.675 * 100) / 100` gives 2.67)
 * ```
 */
export function roundTo(value: number, places: number): number {
  if (!Number.isFinite(value)) return value;
  const p = POW10[places] ?? 10 ** places;
  const negative = value < 0;
  // toPrecision(15) drops the representation error of `value * p` (2.675 * 100 is
  // 267.49999999999997) before Math.round sees it; dividing by an exact power of ten is
  // then correctly rounded.
  const raw = (negative ? -value : value) * p;
  // From 1e15 up a double has no fractional digits left worth rounding.
  if (raw >= 1e15) return value;
  const scaled = Number(raw.toPrecision(15));
  const rounded = Math.round(scaled) / p;
  return negative ? -rounded : rounded;
}
