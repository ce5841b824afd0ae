// Local dates and midnights of any IANA zone, computed with Intl alone: the tests read the
// synthetic users' days from their records' own `timezone` with this, independently of the
// sandbox's calendar.

const formats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in a zone. */
export function zonedDate(epoch: number, timezone: string): string {
  let format = formats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone });
    formats.set(timezone, format);
  }
  return format.format(epoch * 1000);
}

/** Epoch seconds of 00:00 of a `YYYY-MM-DD` date in a zone (its first instant). */
export function zonedMidnight(ymd: string, timezone: string): number {
  const utc = Date.parse(`${ymd}T00:00:00Z`) / 1000;
  // Offsets are whole quarter hours between -12 h and +14 h.
  for (let quarter = -56; quarter <= 56; quarter++) {
    const t = utc - quarter * 900;
    if (zonedDate(t, timezone) === ymd && zonedDate(t - 1, timezone) !== ymd) return t;
  }
  throw new Error(`no midnight for ${ymd} in ${timezone}`);
}

/** The `YYYY-MM-DD` after `ymd`. */
export function nextDate(ymd: string): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
