/**
 * How one metric unit converts to its imperial counterpart:
 * `imperial = metric × multiply ÷ divide + add`, evaluated in that order.
 *
 * The constants are the defining ones (the international avoirdupois pound is exactly
 * 0.45359237 kg, whose reciprocal to 12 significant digits is 2.20462262185; the inch is
 * exactly 0.0254 m), so dividing by 0.0254 is used rather than multiplying by a rounded
 * 39.37.
 *
 * @example
 * ```ts
 * const c = imperialConversions.kg; // { unit: "lb", multiply: 2.20462262185, ... }
 * (70 * c.multiply) / c.divide + c.add; // 154.32...
 * ```
 */
export interface ImperialConversion {
  /** The metric display unit it converts from. */
  readonly from: "kg" | "m" | "°C";
  /** The imperial display unit. */
  readonly unit: "lb" | "in" | "°F";
  /** The UCUM code of the imperial unit. */
  readonly ucum: "[lb_av]" | "[in_i]" | "[degF]";
  readonly multiply: number;
  readonly divide: number;
  readonly add: number;
  /**
   * Decimal places kept relative to the source: a value stored with exponent `e` is
   * rounded to `max(0, −e + extraDecimals)` places. 0 for lb and °F (one source step,
   * 0.001 kg or 0.01 °C, is larger than one step at the same number of places in lb or °F,
   * so no resolution is lost); −1 for inches (1 mm ≈ 0.039 in, so one place fewer still
   * resolves it).
   */
  readonly extraDecimals: number;
}

/**
 * The three conversions the toolkit offers: kg → lb, m → in, °C → °F.
 *
 * @example
 * ```ts
 * imperialConversions["°C"].unit; // "°F"
 * ```
 */
export const imperialConversions: Readonly<Record<"kg" | "m" | "°C", ImperialConversion>> =
  Object.freeze({
    kg: Object.freeze({
      from: "kg",
      unit: "lb",
      ucum: "[lb_av]",
      multiply: 2.20462262185,
      divide: 1,
      add: 0,
      extraDecimals: 0,
    }),
    m: Object.freeze({
      from: "m",
      unit: "in",
      ucum: "[in_i]",
      multiply: 1,
      divide: 0.0254,
      add: 0,
      extraDecimals: -1,
    }),
    "°C": Object.freeze({
      from: "°C",
      unit: "°F",
      ucum: "[degF]",
      multiply: 9,
      divide: 5,
      add: 32,
      extraDecimals: 0,
    }),
  });
