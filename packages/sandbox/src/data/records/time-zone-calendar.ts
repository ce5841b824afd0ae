import { SandboxParamError } from "../sandbox-param-error.js";

const DAY = 86_400;
// Offsets are looked up per 30-day span: one Intl call per span, plus a binary search in the
// rare span that holds a DST change. Zones change offset at most twice a year, so a span
// never holds two changes.
const SPAN = 30 * DAY;
const OFFSET = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Local days of one IANA time zone, computed with `Intl` only (no Node APIs), so the data
 * layer runs wherever the sandbox handler runs.
 *
 * A "day number" is the count of local calendar days since 1970-01-01: day `d` is the
 * local date whose `YYYY-MM-DD` equals the UTC date of `d × 86400`. Activity, workout and
 * sleep-summary `date` strings are local days (quirk Q14), so every dataset buckets by them.
 *
 * @example
 * ```ts
 * const cal = new TimeZoneCalendar("Europe/Paris");
 * const day = cal.dayOf(1_700_000_000); // local day of that instant
 * cal.ymd(day); // "2023-11-14"
 * cal.midnight(day); // epoch seconds of 00:00 local that day
 * ```
 */
export class TimeZoneCalendar {
  readonly timezone: string;
  readonly #format: Intl.DateTimeFormat | undefined;
  // Midnights are asked for again and again (every record of a day, every query); the
  // Intl call behind them is the slow part.
  readonly #midnights = new Map<number, number>();
  readonly #spans = new Map<
    number,
    { readonly before: number; readonly at: number; readonly after: number }
  >();
  readonly #edges = new Map<number, number>();

  constructor(timezone: string) {
    this.timezone = timezone;
    if (timezone === "UTC" || timezone === "Etc/UTC") {
      this.#format = undefined;
      return;
    }
    try {
      // `longOffset` names the offset itself ("GMT+02:00"); `format` is ~20x cheaper than
      // `formatToParts`, which matters when a ten-year history is generated.
      this.#format = new Intl.DateTimeFormat("en-US", {
        timeZone: timezone,
        timeZoneName: "longOffset",
      });
    } catch {
      throw new SandboxParamError(`unknown timezone ${JSON.stringify(timezone)}`);
    }
  }

  /** Local time minus UTC at `epoch`, in seconds (e.g. 3600 for Paris in winter). */
  offsetAt(epoch: number): number {
    if (this.#format === undefined) return 0;
    const index = Math.floor(epoch / SPAN);
    let span = this.#spans.get(index);
    if (span === undefined) {
      const from = index * SPAN;
      const before = this.#edge(from);
      const after = this.#edge(from + SPAN);
      let at = Number.POSITIVE_INFINITY;
      if (before !== after) {
        // Offsets change on whole minutes: search minutes, not seconds.
        let lo = from / 60;
        let hi = (from + SPAN) / 60;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.#intlOffset(mid * 60) === before) lo = mid;
          else hi = mid;
        }
        at = hi * 60;
      }
      span = { before, at, after };
      this.#spans.set(index, span);
    }
    return epoch < span.at ? span.before : span.after;
  }

  #edge(epoch: number): number {
    let offset = this.#edges.get(epoch);
    if (offset === undefined) {
      offset = this.#intlOffset(epoch);
      this.#edges.set(epoch, offset);
    }
    return offset;
  }

  #intlOffset(epoch: number): number {
    const text = this.#format!.format(epoch * 1000);
    const match = OFFSET.exec(text);
    if (match === null || match[1] === undefined) return 0;
    const sign = match[1] === "-" ? -1 : 1;
    return sign * (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0));
  }

  /** The local day number of an instant. */
  dayOf(epoch: number): number {
    return Math.floor((epoch + this.offsetAt(epoch)) / DAY);
  }

  /** Epoch seconds of local 00:00 on `day` (the first instant of that local date). */
  midnight(day: number): number {
    const cached = this.#midnights.get(day);
    if (cached !== undefined) return cached;
    const wall = day * DAY;
    let guess = wall - this.offsetAt(wall);
    // One correction is enough unless a DST change sits between the guess and midnight.
    const corrected = wall - this.offsetAt(guess);
    if (corrected !== guess) guess = corrected;
    this.#midnights.set(day, guess);
    return guess;
  }

  /** `YYYY-MM-DD` of a day number. */
  ymd(day: number): string {
    return new Date(day * DAY * 1000).toISOString().slice(0, 10);
  }

  /** The day number of a `YYYY-MM-DD` string, or `undefined` when it is not a real date. */
  dayFromYmd(text: string): number | undefined {
    const match = YMD.exec(text);
    if (match === null) return undefined;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const date = Number(match[3]);
    const ms = Date.UTC(year, month - 1, date);
    const back = new Date(ms);
    if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return undefined;
    return ms / 1000 / DAY;
  }
}
