/**
 * Options of {@link decimalString}.
 *
 * @example
 * ```ts
 * const o: DecimalStringOptions = { keepTrailingZeros: true };
 * ```
 */
export interface DecimalStringOptions {
  /**
   * Keep the zeros the exponent implies, so the text shows the stored resolution
   * (`56300, -3` → `"56.300"`).
   * @default false
   */
  readonly keepTrailingZeros?: boolean;
}

/**
 * The exact decimal text of `value × 10^unit`, built by moving the decimal point in the
 * digits of `value`, never through floating-point arithmetic. Suited to CSV, FHIR
 * `valueQuantity` or a `DECIMAL` column, where even a correctly rounded double would print
 * differently in other languages. `NaN` and infinities print as JavaScript does.
 *
 * @example
 * ```ts
 * decimalString(37370, -3); // "37.37"
 * decimalString(56300, -3, { keepTrailingZeros: true }); // "56.300"
 * decimalString(-5, -4); // "-0.0005"
 * decimalString(110, 3); // "110000"
 * ```
 */
export function decimalString(
  value: number,
  unit: number,
  options: DecimalStringOptions = {},
): string {
  if (!Number.isFinite(value)) return String(value);
  if (!Number.isInteger(unit)) return "NaN";
  const negative = value < 0;
  // Split the shortest round-trip text into integer digits × 10^exponent.
  const text = String(negative ? -value : value);
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exponent -= mantissa.length - dot - 1;
  }
  digits = digits.replace(/^0+/, "");
  exponent += unit;
  let out: string;
  if (digits === "") {
    out = exponent < 0 && options.keepTrailingZeros === true ? `0.${"0".repeat(-exponent)}` : "0";
    return out;
  }
  if (exponent >= 0) {
    out = digits + "0".repeat(exponent);
  } else {
    const point = digits.length + exponent;
    let fraction = point > 0 ? digits.slice(point) : "0".repeat(-point) + digits;
    const whole = point > 0 ? digits.slice(0, point) : "0";
    if (options.keepTrailingZeros !== true) fraction = fraction.replace(/0+$/, "");
    out = fraction === "" ? whole : `${whole}.${fraction}`;
  }
  return negative ? `-${out}` : out;
}
