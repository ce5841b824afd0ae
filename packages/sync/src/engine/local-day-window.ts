import { WithingsArgumentError } from "@withings-kit/client";
import { utcOffsetMinutes } from "@withings-kit/client/internal";

/**
 * A half-open range of epoch seconds `[start, end)`.
 *
 * @example
 * ```ts
 * const day: EpochWindow = { start: 1_704_412_800, end: 1_704_499_200 };
 * ```
 */
export interface EpochWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The instants of one local day in an IANA zone, `[local midnight, next local midnight)`:
 * 86 400 s long except on DST days (82 800 or 90 000 s). Activity days are local days in the
 * record's own `timezone` (quirk Q14), so their intraday samples live in this window, not in
 * a UTC day.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `date` is not `YYYY-MM-DD`.
 * @example
 * ```ts
 * localDayWindow("2024-03-31", "Europe/Paris"); // { start: 1711839600, end: 1711922400 } (23 h)
 * ```
 */
export function localDayWindow(date: string, timezone: string): EpochWindow {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `not a YYYY-MM-DD day: ${JSON.stringify(date)}`,
    );
  }
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 1000;
  return {
    start: localMidnight(utcMidnight, timezone),
    end: localMidnight(utcMidnight + 86_400, timezone),
  };
}

// The instant whose wall clock reads 00:00 on the UTC date of `utcMidnight`. Two rounds
// settle the offset when a DST change lies between UTC and local midnight.
function localMidnight(utcMidnight: number, timezone: string): number {
  let guess = utcMidnight - utcOffsetMinutes(utcMidnight, timezone) * 60;
  guess = utcMidnight - utcOffsetMinutes(guess, timezone) * 60;
  return guess;
}
