/**
 * Whether an activity record comes from outside Withings (`brand` 18: Google Fit, Apple
 * Health and the like, reference §1.6). Such a count says nothing about a Withings tracker's
 * intraday samples: it neither opens a user's intraday history nor marks a day for reading.
 *
 * @example
 * ```ts
 * isExternalSource({ brand: 18 }); // true
 * isExternalSource({ brand: 1 }); // false
 * ```
 */
export function isExternalSource(day: { readonly brand?: number | null }): boolean {
  return day.brand === 18;
}
