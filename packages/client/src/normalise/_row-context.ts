import { WithingsArgumentError } from "../errors/withings-argument-error.js";
import { formatDays, formatSecondOfDay, formatUtcSecondOfDay, SECONDS_PER_DAY } from "./_civil.js";
import { type ZoneRules, zoneRules } from "./_zone-rules.js";
import type { ToRowsOptions } from "./to-rows-options.js";

/**
 * Remembers the text of the last day number asked for (with an optional suffix, `T` for
 * timestamps): most consecutive records share their day.
 */
class DayText {
  private days = Number.NaN;
  private text = "";
  private readonly suffix: string;

  constructor(suffix = "") {
    this.suffix = suffix;
  }

  get(days: number): string {
    if (days !== this.days) {
      this.days = days;
      this.text = formatDays(days) + this.suffix;
    }
    return this.text;
  }
}

/**
 * Per-call state of `toRows`: resolved options, the zone of the current record, and the
 * text of the last instant stamped. Fields are written by {@link RowContext.stamp} instead of
 * returning an object, so the measures path allocates nothing per group beyond its strings.
 *
 * @example
 * ```ts
 * const ctx = new RowContext("toRows", { timezone: "Europe/Paris" });
 * ctx.stamp(1711846800, ctx.zone(undefined));
 * ctx.localTime; // "03:00:00"
 * ```
 */
export class RowContext {
  readonly imperial: boolean;
  readonly fallback: ZoneRules;

  utc: string | null = null;
  localDate: string | null = null;
  localTime: string | null = null;
  offsetMinutes: number | null = null;

  private readonly utcDays = new DayText("T");
  private readonly localDays = new DayText();
  private readonly isoDays = new DayText("T");
  private lastZoneName: string | undefined;
  private lastSeconds = Number.NaN;
  private lastStampZone: ZoneRules | undefined;
  private lastZone: ZoneRules;

  constructor(action: string, options: ToRowsOptions = {}) {
    this.imperial = options.imperial === true;
    const name = options.timezone ?? "UTC";
    const rules = typeof name === "string" ? zoneRules(name) : undefined;
    if (rules === undefined) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `${action}: options.timezone must be an IANA time zone name, got ${JSON.stringify(name)}`,
      );
    }
    this.fallback = rules;
    this.lastZone = rules;
  }

  /**
   * The zone of a record: its own `timezone` when valid, else `outer` (the body's zone,
   * resolved once per body with this same method), else the fallback option.
   */
  zone(own: unknown, outer: ZoneRules = this.fallback): ZoneRules {
    if (typeof own !== "string") return outer;
    if (own === this.lastZoneName) return this.lastZone;
    const rules = zoneRules(own);
    if (rules === undefined) return outer;
    this.lastZoneName = own;
    this.lastZone = rules;
    return rules;
  }

  /** Sets `utc`, `localDate`, `localTime` and `offsetMinutes` for an epoch, or nulls. */
  stamp(epochSeconds: unknown, zone: ZoneRules): void {
    if (typeof epochSeconds !== "number" || !Number.isFinite(epochSeconds)) {
      this.utc = null;
      this.localDate = null;
      this.localTime = null;
      this.offsetMinutes = null;
      return;
    }
    const seconds = Math.floor(epochSeconds);
    // One weigh-in yields several groups with the same `date` (Q10): reuse the last text.
    if (seconds === this.lastSeconds && zone === this.lastStampZone && this.utc !== null) return;
    this.lastSeconds = seconds;
    this.lastStampZone = zone;
    const offset = zone.offsetSeconds(seconds);
    const utcDays = Math.floor(seconds / SECONDS_PER_DAY);
    this.utc =
      this.utcDays.get(utcDays) + formatUtcSecondOfDay(seconds - utcDays * SECONDS_PER_DAY);
    const local = seconds + offset;
    const localDays = Math.floor(local / SECONDS_PER_DAY);
    this.localDate = this.localDays.get(localDays);
    this.localTime = formatSecondOfDay(local - localDays * SECONDS_PER_DAY);
    this.offsetMinutes = offset / 60;
  }

  /** ISO UTC text of an epoch, or `null`. */
  iso(epochSeconds: unknown): string | null {
    if (typeof epochSeconds !== "number" || !Number.isFinite(epochSeconds)) return null;
    const seconds = Math.floor(epochSeconds);
    const days = Math.floor(seconds / SECONDS_PER_DAY);
    return this.isoDays.get(days) + formatUtcSecondOfDay(seconds - days * SECONDS_PER_DAY);
  }
}
