import type { ActivityRow } from "@withings-kit/client";

/**
 * Whether an activity day can have intraday samples worth a request: it counted steps, and
 * it did not come from an external source. Days imported from Google Fit, Apple Health and
 * the like (`brand` 18) have no Withings intraday series, and a day without steps has no
 * movement to sample; asking anyway would cost one request per such day for an empty
 * answer. This is narrower than "steps or a tracker": a tracker day with zero steps (the
 * watch on its charger) gets no samples from the sandbox either.
 *
 * @example
 * ```ts
 * hasIntradayData({ ...day, steps: 8123, brand: 1 }); // true
 * hasIntradayData({ ...day, steps: 4225, brand: 18 }); // false (Google Fit)
 * ```
 */
export function hasIntradayData(
  day: Pick<ActivityRow, "steps" | "brand"> & Partial<Pick<ActivityRow, "is_tracker">>,
): boolean {
  const external = day.brand === 18;
  return !external && (day.steps ?? 0) > 0;
}
