// Instants the stores derive from row cells. Rows carry ISO UTC text (`…Z`) and local days
// (`YYYY-MM-DD`); stores index epoch seconds so `from`/`to` ranges are integer comparisons.

/**
 * Stored in place of a main instant a record lacks (an ECG without `timestamp`, a sleep
 * summary without dates): the smallest safe integer, so such records sort first and fall in
 * no real range.
 */
export const NO_INSTANT = Number.MIN_SAFE_INTEGER;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch seconds of an ISO UTC text, or `undefined` when it is not one. */
export function isoEpoch(value: unknown): number | undefined {
  if (typeof value !== "string" || !ISO.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * Epoch seconds of a calendar day read as UTC midnight, or `undefined`. Day-keyed records
 * (activity, workouts, sleep summaries) are placed on this instant, so a range built from
 * UTC midnights selects exactly the days the API's `startdateymd`/`enddateymd` select.
 */
export function dayEpoch(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = DAY.exec(value);
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}
