import type { ImperialConversion } from "../catalogue/imperial-conversions.js";
import { roundTo } from "./round-to.js";

// Rounded results are capped here: more places than a double can carry would only print noise.
const MAX_DECIMALS = 10;

/**
 * Converts a scaled metric value (kg, m or °C) to imperial (lb, in or °F) and rounds it.
 *
 * Rounding: to `max(0, −exponent + conversion.extraDecimals)` places, where `exponent` is
 * the measure's stored decimal exponent (`rawUnit`), so the result is never coarser than
 * the stored resolution and adds no digits beyond it: 95.817 kg (exponent −3) → 211.240 lb
 * (3 places, not 211.2403…); 1.600 m (−3) → 62.99 in (one place fewer: 1 mm ≈ 0.04 in);
 * 37.37 °C (−2) → 99.27 °F. Without an exponent, the places of the metric value's shortest
 * text stand in for it (95.817 → 3). See {@link roundTo} for how halves are rounded.
 *
 * @example
 * ```ts
 * import { imperialConversions } from "@withings-kit/client";
 * toImperial(95.817, imperialConversions.kg, -3); // 211.24
 * toImperial(37.37, imperialConversions["°C"], -3); // 99.266
 * toImperial(1.6, imperialConversions.m); // 63 (one place in the source, minus one)
 * ```
 */
export function toImperial(
  metric: number,
  conversion: ImperialConversion,
  exponent?: number,
): number {
  const converted = (metric * conversion.multiply) / conversion.divide + conversion.add;
  const sourceDecimals = exponent === undefined ? decimalsOf(metric) : -exponent;
  const places = Math.min(MAX_DECIMALS, Math.max(0, sourceDecimals + conversion.extraDecimals));
  return roundTo(converted, places);
}

function decimalsOf(value: number): number {
  const text = String(value);
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  const dot = mantissa.indexOf(".");
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return fraction - (e < 0 ? 0 : Number(text.slice(e + 1)));
}
