import { daysFromCivil, SECONDS_PER_DAY } from "./_civil.js";

// How offsets are found with few Intl calls. Intl can only format an instant in a zone;
// the UTC offset is that wall-clock time read back as if it were UTC, minus the instant.
// Offsets are cached per zone in 7-day buckets: the offset is sampled at each bucket
// boundary (neighbouring buckets share a boundary), and when both ends agree the whole
// bucket has that offset, because no zone changes its offset twice within 7 days. When they
// differ, the one transition inside is located to the second by bisection (about 20 calls,
// once), so instants on either side of it are still exact. A page of 4,096 groups spread
// over a month therefore costs a handful of calls in total, not one per group.

const BUCKET_SECONDS = 7 * SECONDS_PER_DAY;
// Bounds on the caches, so a long-running process reading decades of data or a stream of
// distinct zone names cannot grow them without limit; reaching one simply starts afresh.
const MAX_BUCKETS_PER_ZONE = 8192;
const MAX_ZONES = 1024;
// `new Date(ms)` is valid up to ±8.64e15 ms; beyond that there is nothing Intl can format.
const MAX_EPOCH_SECONDS = 8.64e12;

interface Bucket {
  /** The first second with the `after` offset; +Infinity when the bucket is uniform. */
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

/**
 * Offset rules of one zone, resolved once per name.
 *
 * @example
 * ```ts
 * zoneRules("Europe/Paris")?.offsetSeconds(1711846800); // 7200
 * ```
 */
export interface ZoneRules {
  /** The name as given, e.g. `Europe/Paris`. */
  readonly name: string;
  /** Seconds to add to a UTC epoch (whole seconds) to get the zone's wall clock. */
  offsetSeconds(epochSeconds: number): number;
}

const FIXED_UTC: ZoneRules = Object.freeze({ name: "UTC", offsetSeconds: () => 0 });

class IntlZoneRules implements ZoneRules {
  readonly name: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly boundaries = new Map<number, number>();
  private readonly buckets = new Map<number, Bucket>();
  private lastIndex = Number.NaN;
  private lastBucket: Bucket = { at: Number.POSITIVE_INFINITY, before: 0, after: 0 };

  constructor(name: string, format: Intl.DateTimeFormat) {
    this.name = name;
    this.format = format;
  }

  offsetSeconds(epochSeconds: number): number {
    const index = Math.floor(epochSeconds / BUCKET_SECONDS);
    let bucket: Bucket | undefined;
    if (index === this.lastIndex) {
      bucket = this.lastBucket;
    } else {
      bucket = this.buckets.get(index);
      if (bucket === undefined) bucket = this.fillBucket(index);
      this.lastIndex = index;
      this.lastBucket = bucket;
    }
    return epochSeconds < bucket.at ? bucket.before : bucket.after;
  }

  private fillBucket(index: number): Bucket {
    if (this.buckets.size >= MAX_BUCKETS_PER_ZONE) {
      this.buckets.clear();
      this.boundaries.clear();
    }
    const start = index * BUCKET_SECONDS;
    const end = start + BUCKET_SECONDS;
    const before = this.boundaryOffset(start);
    const after = this.boundaryOffset(end);
    let at = Number.POSITIVE_INFINITY;
    if (before !== after) {
      // Invariant: offset(lo) === before, offset(hi) !== before.
      let lo = start;
      let hi = end;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.intlOffset(mid) === before) lo = mid;
        else hi = mid;
      }
      at = hi;
    }
    const bucket: Bucket = { at, before, after };
    this.buckets.set(index, bucket);
    return bucket;
  }

  private boundaryOffset(epochSeconds: number): number {
    let offset = this.boundaries.get(epochSeconds);
    if (offset === undefined) {
      offset = this.intlOffset(epochSeconds);
      this.boundaries.set(epochSeconds, offset);
    }
    return offset;
  }

  private intlOffset(epochSeconds: number): number {
    if (!(Math.abs(epochSeconds) <= MAX_EPOCH_SECONDS)) return 0;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of this.format.formatToParts(epochSeconds * 1000)) {
      switch (part.type) {
        case "year":
          year = Number(part.value);
          break;
        case "month":
          month = Number(part.value);
          break;
        case "day":
          day = Number(part.value);
          break;
        case "hour":
          // Some ICU versions write midnight as "24" even with h23.
          hour = Number(part.value) % 24;
          break;
        case "minute":
          minute = Number(part.value);
          break;
        case "second":
          second = Number(part.value);
          break;
        case "era":
          bc = part.value.startsWith("B");
          break;
        default:
          break;
      }
    }
    if (bc) year = 1 - year;
    const local =
      daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    return local - epochSeconds;
  }
}

const zones = new Map<string, ZoneRules | null>();

/**
 * The rules of an IANA zone name, or `undefined` when Intl rejects the name. Results,
 * including rejections, are cached per name.
 *
 * @example
 * ```ts
 * zoneRules("Asia/Kathmandu")?.offsetSeconds(0); // 19800 (+05:30 until 1986)
 * zoneRules("Not/AZone"); // undefined
 * ```
 */
export function zoneRules(name: string): ZoneRules | undefined {
  let rules = zones.get(name);
  if (rules === undefined) {
    rules = createRules(name);
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(name, rules);
  }
  return rules ?? undefined;
}

/**
 * Forgets every cached zone, formatter and offset.
 *
 * @example
 * ```ts
 * clearZoneRules();
 * ```
 */
export function clearZoneRules(): void {
  zones.clear();
}

function createRules(name: string): ZoneRules | null {
  if (name === "UTC" || name === "Etc/UTC")
    return name === "UTC" ? FIXED_UTC : { ...FIXED_UTC, name };
  if (name === "") return null;
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      numberingSystem: "latn",
      calendar: "gregory",
    });
    return new IntlZoneRules(name, format);
  } catch {
    return null;
  }
}
