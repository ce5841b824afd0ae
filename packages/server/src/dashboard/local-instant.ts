/**
 * Where a record sits on the dashboard's time axis: its local wall-clock time read as if it
 * were UTC, in epoch seconds. Charts place every record at the time its own zone showed, so
 * a reading taken at 07:20 in Paris and one at 07:20 in New York both fall at 07:20 of their
 * day, and days are cut in each record's own zone rather than in the viewer's.
 *
 * @returns `undefined` when the date is not `YYYY-MM-DD` or the time not `HH:MM[:SS]`.
 * @example
 * ```ts
 * localInstant("2025-01-14", "07:22:17"); // 1736839337
 * ```
 */
export function localInstant(
  localDate: unknown,
  localTime: unknown = "00:00:00",
): number | undefined {
  if (typeof localDate !== "string" || typeof localTime !== "string") return undefined;
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(localTime);
  if (d === null || t === null) return undefined;
  const ms = Date.UTC(
    Number(d[1]),
    Number(d[2]) - 1,
    Number(d[3]),
    Number(t[1]),
    Number(t[2]),
    Number(t[3] ?? 0),
  );
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/**
 * A record's local date and time as a reader wants it on hover: the wall clock of its own
 * zone, the UTC offset it had then, and the zone's name.
 *
 * @example
 * ```ts
 * localLabel("2025-01-14", "07:22:17", 60, "Europe/Paris"); // "2025-01-14 07:22:17 UTC+01:00 Europe/Paris"
 * ```
 */
export function localLabel(
  localDate: string,
  localTime: string | null,
  offsetMinutes: number | null,
  timezone: string | null,
): string {
  const parts = [localTime === null ? localDate : `${localDate} ${localTime}`];
  if (offsetMinutes !== null) parts.push(utcOffset(offsetMinutes));
  if (timezone !== null && timezone !== "") parts.push(timezone);
  return parts.join(" ");
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${sign}${hh}:${mm}`;
}
