// Calendar arithmetic on the proleptic Gregorian calendar, used instead of
// `toLocaleString`/`toISOString` per record: turning an epoch into text costs a few integer
// operations and one string concatenation. The day/date conversions follow the well-known
// era-based algorithm (400-year eras of 146097 days, years starting in March).

/** "00" … "99": two-digit fields without `padStart` per call. */
const TWO: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
/** "00Z" … "59Z": the seconds field that ends a UTC timestamp. */
const TWO_Z: readonly string[] = TWO.slice(0, 60).map((s) => `${s}Z`);
/**
 * "00:00:" … "23:59:", one per minute of the day (1,440 short strings, built once). With them
 * a time of day is one concatenation, i.e. one small allocation per record instead of four;
 * the strings end up in every row, so fewer and smaller allocations matter for the measures
 * benchmark.
 */
const MINUTES: readonly string[] = Array.from(
  { length: 1440 },
  (_, i) => `${TWO[Math.floor(i / 60)]}:${TWO[i % 60]}:`,
);

/**
 * Seconds in a civil day; UTC and the IANA zones have no leap seconds.
 *
 * @example
 * ```ts
 * Math.floor(epochSeconds / SECONDS_PER_DAY); // days since 1970-01-01
 * ```
 */
export const SECONDS_PER_DAY = 86_400;

/**
 * Days since 1970-01-01 of a civil date (month 1–12). Exact for any integer year.
 *
 * @example
 * ```ts
 * daysFromCivil(2024, 3, 31); // 19813
 * ```
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * `YYYY-MM-DD` of a day number (days since 1970-01-01); ISO expanded years outside 0–9999.
 *
 * @example
 * ```ts
 * formatDays(19813); // "2024-03-31"
 * ```
 */
export function formatDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${formatYear(y)}-${TWO[m]}-${TWO[d]}`;
}

/**
 * `HH:MM:SS` of a second of the day (0–86399).
 *
 * @example
 * ```ts
 * formatSecondOfDay(3723); // "01:02:03"
 * ```
 */
export function formatSecondOfDay(second: number): string {
  const minute = Math.floor(second / 60);
  return (MINUTES[minute] as string) + TWO[second - minute * 60];
}

/**
 * `HH:MM:SSZ` of a second of the day (0–86399): the time part of a UTC timestamp.
 *
 * @example
 * ```ts
 * formatUtcSecondOfDay(3723); // "01:02:03Z"
 * ```
 */
export function formatUtcSecondOfDay(second: number): string {
  const minute = Math.floor(second / 60);
  return (MINUTES[minute] as string) + TWO_Z[second - minute * 60];
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` of whole epoch seconds.
 *
 * @example
 * ```ts
 * formatUtc(1711846800); // "2024-03-31T01:00:00Z"
 * ```
 */
export function formatUtc(epochSeconds: number): string {
  const days = Math.floor(epochSeconds / SECONDS_PER_DAY);
  return `${formatDays(days)}T${formatUtcSecondOfDay(epochSeconds - days * SECONDS_PER_DAY)}`;
}

function formatYear(y: number): string {
  if (y >= 1000 && y <= 9999) return `${y}`;
  if (y >= 0 && y <= 9999) return `${y}`.padStart(4, "0");
  // ISO 8601 expanded representation, as Date#toISOString writes it.
  return (y < 0 ? "-" : "+") + `${Math.abs(y)}`.padStart(6, "0");
}
