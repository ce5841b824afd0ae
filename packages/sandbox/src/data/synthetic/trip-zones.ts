/**
 * A time zone a synthetic person can travel to, with its standard offset from UTC in hours
 * (only used to tell east from west of home and how far; local times always come from the
 * zone's own rules through `Intl`, daylight saving included).
 *
 * @example
 * ```ts
 * const tokyo: TripZone = { timezone: "Asia/Tokyo", offsetHours: 9 };
 * ```
 */
export interface TripZone {
  readonly timezone: string;
  readonly offsetHours: number;
}

/**
 * The destinations of synthetic trips, west to east: several on each side of any home zone,
 * so a trip can go either way (a Europe/Paris user flies to America/New_York or to
 * Asia/Tokyo, a UTC user to America/Denver or to Asia/Bangkok).
 *
 * @example
 * ```ts
 * const east = TRIP_ZONES.filter((z) => z.offsetHours - 1 >= 3); // east of Paris by 3 h or more
 * ```
 */
export const TRIP_ZONES: readonly TripZone[] = Object.freeze([
  Object.freeze({ timezone: "Pacific/Honolulu", offsetHours: -10 }),
  Object.freeze({ timezone: "America/Los_Angeles", offsetHours: -8 }),
  Object.freeze({ timezone: "America/Denver", offsetHours: -7 }),
  Object.freeze({ timezone: "America/New_York", offsetHours: -5 }),
  Object.freeze({ timezone: "America/Sao_Paulo", offsetHours: -3 }),
  Object.freeze({ timezone: "Europe/London", offsetHours: 0 }),
  Object.freeze({ timezone: "Europe/Paris", offsetHours: 1 }),
  Object.freeze({ timezone: "Europe/Athens", offsetHours: 2 }),
  Object.freeze({ timezone: "Asia/Dubai", offsetHours: 4 }),
  Object.freeze({ timezone: "Asia/Kolkata", offsetHours: 5.5 }),
  Object.freeze({ timezone: "Asia/Bangkok", offsetHours: 7 }),
  Object.freeze({ timezone: "Asia/Tokyo", offsetHours: 9 }),
  Object.freeze({ timezone: "Australia/Sydney", offsetHours: 10 }),
]);
