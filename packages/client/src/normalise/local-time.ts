import { WithingsArgumentError } from "../errors/withings-argument-error.js";
import { formatDays, formatSecondOfDay, formatUtc, SECONDS_PER_DAY } from "./_civil.js";
import { clearZoneRules, type ZoneRules, zoneRules } from "./_zone-rules.js";

/**
 * An instant as UTC text and as the wall clock of one zone.
 *
 * @example
 * ```ts
 * const t: LocalTime = localTime(1711846800, "Europe/Paris");
 * // { utc: "2024-03-31T01:00:00Z", localDate: "2024-03-31", localTime: "03:00:00",
 * //   offsetMinutes: 120, timeZone: "Europe/Paris", zoneFallback: false }
 * ```
 */
export interface LocalTime {
  /** ISO 8601 in UTC with `Z`, whole seconds. */
  readonly utc: string;
  /** The local calendar day, `YYYY-MM-DD`: the key to bucket by (Q14). */
  readonly localDate: string;
  /** The local wall-clock time, `HH:MM:SS`. */
  readonly localTime: string;
  /** Local minus UTC, e.g. 120 for CEST, −420 for PDT, 345 for Nepal. */
  readonly offsetMinutes: number;
  /** The zone actually used: the one asked for, or `"UTC"` after a fallback. */
  readonly timeZone: string;
  /** True when the zone name was not a valid IANA zone and UTC was used instead. */
  readonly zoneFallback: boolean;
}

/**
 * Converts Withings epoch seconds (always UTC) to the wall clock of an IANA zone, using
 * Intl only: one cached `Intl.DateTimeFormat` per zone and cached offsets per 7-day bucket,
 * so converting thousands of records costs a handful of Intl calls; the text is built
 * arithmetically. Exact across DST changes. Fractions of a second are truncated.
 *
 * An invalid zone name does not throw: UTC is used and `zoneFallback` is set. One bad
 * `timezone` string in a record must not lose a whole page, as with unknown type codes;
 * callers that want strictness check {@link isValidTimeZone} first.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `epochSeconds` is not finite.
 * @example
 * ```ts
 * localTime(1711846799, "Europe/Paris").localTime; // "01:59:59" (+01:00)
 * localTime(1711846800, "Europe/Paris").localTime; // "03:00:00" (+02:00)
 * localTime(1700000000, "Not/AZone").zoneFallback; // true
 * ```
 */
export function localTime(epochSeconds: number, timeZone: string): LocalTime {
  if (!Number.isFinite(epochSeconds)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `localTime: epochSeconds must be a finite number of seconds, got ${String(epochSeconds)}`,
    );
  }
  const rules = zoneRules(timeZone);
  const used: ZoneRules = rules ?? (zoneRules("UTC") as ZoneRules);
  const seconds = Math.floor(epochSeconds);
  const offset = used.offsetSeconds(seconds);
  const local = seconds + offset;
  const days = Math.floor(local / SECONDS_PER_DAY);
  return {
    utc: formatUtc(seconds),
    localDate: formatDays(days),
    localTime: formatSecondOfDay(local - days * SECONDS_PER_DAY),
    offsetMinutes: offset / 60,
    timeZone: used.name,
    zoneFallback: rules === undefined,
  };
}

/**
 * The UTC offset of a zone at an instant, in minutes (local minus UTC); 0 for a name that
 * is not a valid zone, as {@link localTime} falls back to UTC.
 *
 * @example
 * ```ts
 * utcOffsetMinutes(1718000000, "America/Los_Angeles"); // -420
 * utcOffsetMinutes(1718000000, "Asia/Kathmandu"); // 345
 * ```
 */
export function utcOffsetMinutes(epochSeconds: number, timeZone: string): number {
  const rules = zoneRules(timeZone);
  return rules === undefined ? 0 : rules.offsetSeconds(Math.floor(epochSeconds)) / 60;
}

/**
 * True when Intl accepts the name as a time zone. Offset strings such as `+05:45` are not
 * accepted by Node 20's Intl; use an IANA name (`Asia/Kathmandu`).
 *
 * @example
 * ```ts
 * isValidTimeZone("Europe/Paris"); // true
 * isValidTimeZone("Mars/Olympus"); // false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  return zoneRules(timeZone) !== undefined;
}

/**
 * Forgets the cached formatters and offsets of every zone. Only needed to bound memory in
 * a process that meets very many zones, or to measure the caches in tests.
 *
 * @example
 * ```ts
 * clearTimeZoneCache();
 * ```
 */
export function clearTimeZoneCache(): void {
  clearZoneRules();
}
