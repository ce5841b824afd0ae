import { InvalidArgumentError } from "commander";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a date option into epoch seconds: `YYYY-MM-DD` (00:00 UTC), an ISO 8601 date-time
 * with a zone (`2024-03-01T08:00:00+01:00`), or epoch seconds. A date-time without a zone
 * is refused rather than read in whatever zone the machine is in, and so is an instant before
 * 1970 (the Unix epoch, where Withings' data and the sync's cursors start).
 *
 * @example
 * ```ts
 * parseDateOption("2024-01-01"); // 1704067200
 * command.option("--since <date>", "re-read from this date", parseDateOption);
 * ```
 */
export function parseDateOption(value: string): number {
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text);
  let ms = Number.NaN;
  if (DATE_ONLY.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (DATE_TIME.test(text)) ms = Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new InvalidArgumentError(
      "expected YYYY-MM-DD, an ISO date-time with a zone (2024-03-01T08:00:00Z) or epoch seconds",
    );
  }
  // Date.parse accepts 2024-02-31 by rolling over; a typo must not silently shift the range.
  if (DATE_ONLY.test(text) && new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new InvalidArgumentError(`${text} is not a calendar date`);
  }
  // Withings keeps nothing from before the Unix epoch, and the sync engine counts from it.
  if (ms < 0) throw new InvalidArgumentError(`${text} is before 1970-01-01`);
  return Math.floor(ms / 1000);
}
