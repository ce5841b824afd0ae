import { POW10 } from "./_pow10.js";

/**
 * The real value of a Withings measure: `value × 10^unit`, where `unit` is a decimal
 * exponent (reference §2.1), with no floating-point noise. The result is the double nearest
 * to the exact decimal, i.e. the same number `Number("<value>e<unit>")` parses to.
 *
 * Why this is exact: an integer below 2^53 and 10^k for k ≤ 22 are both exact doubles, and
 * IEEE-754 rounds one division or multiplication correctly, so `37370 / 1000` is the double
 * nearest 37.37, whereas `37370 * 0.001` or `37370 * 10 ** -3` can be off by one ulp.
 * Outside that range (huge exponents, non-integer values) it parses the decimal text.
 * A non-integer or non-finite `unit` gives `NaN`.
 *
 * @example
 * ```ts
 * scaleValue(37370, -3); // 37.37
 * scaleValue(95, -2); // 0.95
 * scaleValue(110, 110); // 1.1e112
 * ```
 */
export function scaleValue(value: number, unit: number): number {
  if (unit === 0) return value;
  if (Number.isSafeInteger(value)) {
    if (unit < 0 && unit >= -22 && Number.isInteger(unit)) return value / (POW10[-unit] as number);
    if (unit > 0 && unit <= 22 && Number.isInteger(unit)) return value * (POW10[unit] as number);
  }
  if (!Number.isFinite(value) || !Number.isInteger(unit)) {
    return Number.isInteger(unit) ? value : Number.NaN;
  }
  // `${value}` may itself be in exponent form ("1e+21", "1.5e-7"): fold both exponents.
  const text = String(value);
  const e = text.indexOf("e");
  return e < 0
    ? Number(`${text}e${unit}`)
    : Number(`${text.slice(0, e)}e${Number(text.slice(e + 1)) + unit}`);
}
