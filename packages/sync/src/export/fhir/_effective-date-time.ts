// FHIR dateTime offsets run from -12:00 to +14:00; anything else cannot be written.
const MAX_OFFSET = 14 * 60;

/**
 * The FHIR `dateTime` of a measure in its own zone, e.g. `2024-03-01T08:15:00+01:00`, from
 * the stored UTC instant and the offset that applied then: a reader sees the wall-clock time
 * the user saw, and the instant is unchanged. UTC (`Z`) when the offset is unknown.
 * `undefined` for a missing or unreadable date.
 */
export function effectiveDateTime(
  utc: string | null,
  offsetMinutes: number | null,
): string | undefined {
  if (utc === null) return undefined;
  const ms = Date.parse(utc);
  if (!Number.isFinite(ms)) return undefined;
  const known =
    offsetMinutes !== null &&
    Number.isInteger(offsetMinutes) &&
    Math.abs(offsetMinutes) <= MAX_OFFSET;
  const offset = known ? offsetMinutes : 0;
  const local = new Date(ms + offset * 60_000).toISOString().replace(".000Z", "Z");
  if (!known) return local;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local.slice(0, -1)}${sign}${hh}:${mm}`;
}

/** The FHIR `instant` of a stored UTC time, or `undefined` when there is none. */
export function fhirInstant(utc: string | null): string | undefined {
  if (utc === null) return undefined;
  const ms = Date.parse(utc);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(".000Z", "Z") : undefined;
}
