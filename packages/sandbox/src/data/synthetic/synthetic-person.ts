import { hashSeed } from "../random/hash-seed.js";
import { SeededRandom } from "../random/seeded-random.js";
import { TimeZoneCalendar } from "../records/time-zone-calendar.js";
import { DEVICE_MODELS, type DeviceModel } from "./device-models.js";
import type { Profile } from "./profile.js";
import { TRIP_ZONES } from "./trip-zones.js";

/**
 * One device a synthetic person owns.
 *
 * @example
 * ```ts
 * const d: OwnedDevice = { model: DEVICE_MODELS.thermo, deviceid: "3f…", firstSession: 1700000000 };
 * ```
 */
export interface OwnedDevice {
  readonly model: DeviceModel;
  /** 40 hex characters, also used as `hash_deviceid`. */
  readonly deviceid: string;
  readonly firstSession: number;
}

/**
 * A vacation spent in another time zone: from day `from` to day `to` (inclusive), the
 * person's watch and phone live in `calendar`'s zone.
 *
 * @example
 * ```ts
 * const trip = person.trip(day);
 * trip?.calendar.timezone; // e.g. "Asia/Tokyo"
 * ```
 */
export interface SyntheticTrip {
  readonly from: number;
  readonly to: number;
  readonly calendar: TimeZoneCalendar;
  /** East: local days start earlier than at home (days get shorter on the way out). */
  readonly direction: "east" | "west";
}

// One block's vacation, if it has one.
interface Vacation {
  readonly from: number;
  readonly to: number;
  readonly trip: SyntheticTrip | undefined;
}

interface Drift {
  readonly periods: readonly number[];
  readonly phases: readonly number[];
  readonly weights: readonly number[];
}

const TAU = 2 * Math.PI;
const VACATION_BLOCK = 73;
const FEVER_BLOCK = 120;
// Share of vacations spent in another time zone, and how far that zone must be from home
// (hours): far enough to move local days by hours, never so far that a day shrinks to
// nothing (a day's window is 24 h minus the offset change, at least 10 h here).
const TRIP_SHARE = 0.5;
const TRIP_MIN_HOURS = 3;
const TRIP_MAX_HOURS = 11;
const NO_WEAR = Object.freeze({ day: false, night: false });

/**
 * The stable traits of a synthetic user, all derived from (seed, userId): body, blood
 * pressure and heart-rate baselines, habits, devices, id ranges, and smooth drifts over time.
 *
 * Nothing here depends on a previous day: every value of day `d` is a function of the traits
 * and `d`, so any day can be generated alone (and days after the user was created come out
 * exactly like the days before).
 *
 * @example
 * ```ts
 * const person = new SyntheticPerson(7, "42", "vitals-study", new TimeZoneCalendar("Europe/Paris"), 19000);
 * person.weightKg(19100); // e.g. 78.4
 * ```
 */
export class SyntheticPerson {
  readonly key: number;
  readonly profile: Profile;
  readonly calendar: TimeZoneCalendar;
  readonly firstDay: number;

  readonly scale: OwnedDevice | undefined;
  readonly bpm: OwnedDevice | undefined;
  readonly thermo: OwnedDevice | undefined;
  readonly watch: OwnedDevice | undefined;
  /** The phone app whose step count reaches the cloud as an external source (brand 18). */
  readonly phone: DeviceModel | undefined;

  readonly heightM: number;
  readonly ageYears: number;
  readonly weight0: number;
  readonly fat0: number;
  readonly systolic0: number;
  readonly diastolic0: number;
  readonly restingHr: number;
  readonly temperature0: number;
  readonly steps0: number;
  /** Bedtime in minutes after the midnight that starts the evening's day (1380 = 23:00). */
  readonly bedtimeMinutes: number;
  readonly sleepMinutes: number;
  /** Metres per step. */
  readonly stride: number;
  /** The day (mod 150) the weight objective is reset on. */
  readonly objectivePhase: number;

  readonly #idBase: number;
  readonly #drifts = new Map<string, Drift>();
  readonly #vacations = new Map<number, Vacation | null>();
  readonly #zones = new Map<string, TimeZoneCalendar>();

  constructor(
    seed: number,
    userId: string,
    profile: Profile,
    calendar: TimeZoneCalendar,
    firstDay: number,
  ) {
    this.key = hashSeed(seed, userId);
    this.profile = profile;
    this.calendar = calendar;
    this.firstDay = firstDay;
    this.#idBase = (this.key % 1000) * 10_000_000;

    const r = new SeededRandom(hashSeed(this.key, "traits"));
    const male = r.chance(0.5);
    this.heightM = round(male ? r.normal(1.78, 0.06) : r.normal(1.65, 0.06), 2);
    this.ageYears = r.int(28, 72);
    this.weight0 = this.heightM * this.heightM * r.range(21, 29);
    this.fat0 = male ? r.range(0.15, 0.26) : r.range(0.22, 0.34);
    this.systolic0 = r.range(112, 138) + (this.ageYears - 45) * 0.25;
    this.diastolic0 = r.range(70, 86);
    this.restingHr = r.range(54, 70);
    this.temperature0 = r.range(36.5, 36.85);
    this.steps0 = r.range(5500, 11000);
    this.bedtimeMinutes = r.int(1335, 1425);
    this.sleepMinutes = r.int(380, 470);
    this.stride = this.heightM * 0.415;
    this.objectivePhase = r.int(0, 149);

    const first = calendar.midnight(firstDay) + 8 * 3600;
    const own = (model: DeviceModel): OwnedDevice => ({
      model,
      deviceid: this.#hex(model.modelId),
      firstSession: first,
    });
    const vitals = profile === "vitals-study";
    this.scale = profile === "empty" ? undefined : own(DEVICE_MODELS.bodyScan);
    this.bpm = vitals ? own(DEVICE_MODELS.bpmCore) : undefined;
    this.thermo = vitals ? own(DEVICE_MODELS.thermo) : undefined;
    this.watch = vitals ? own(DEVICE_MODELS.scanWatch) : undefined;
    // Its own stream, so the traits above stay what they were.
    const android = new SeededRandom(hashSeed(this.key, "phone")).chance(0.6);
    this.phone = vitals ? (android ? DEVICE_MODELS.googleFit : DEVICE_MODELS.iosSteps) : undefined;
  }

  /** A random stream for one concern of one day (or of one block, one recording, …). */
  rng(day: number, stream: string): SeededRandom {
    return new SeededRandom(hashSeed(this.key, day, stream));
  }

  /** A smooth value in about [-1, 1] that wanders over weeks to years (three slow waves). */
  drift(day: number, stream: string): number {
    let d = this.#drifts.get(stream);
    if (d === undefined) {
      const r = new SeededRandom(hashSeed(this.key, "drift", stream));
      d = {
        periods: [r.range(40, 90), r.range(120, 400), r.range(500, 1500)],
        phases: [r.range(0, TAU), r.range(0, TAU), r.range(0, TAU)],
        weights: [0.2, 0.35, 0.45],
      };
      this.#drifts.set(stream, d);
    }
    let sum = 0;
    for (let i = 0; i < 3; i++)
      sum += d.weights[i]! * Math.sin((TAU * day) / d.periods[i]! + d.phases[i]!);
    return sum;
  }

  /** +1 in mid-January, −1 in mid-July: winter weight and blood pressure run higher. */
  season(day: number): number {
    return Math.cos((TAU * (day - 14)) / 365.25);
  }

  /** True on days of a trip away from home (no scale, BPM or thermometer readings). */
  onVacation(day: number): boolean {
    const v = this.#vacation(Math.floor(day / VACATION_BLOCK));
    return v !== null && day >= v.from && day <= v.to;
  }

  /**
   * The trip to another time zone that `day` belongs to, if any: about half the vacations
   * are spent 3 to 11 hours east or west of home, in either direction.
   */
  trip(day: number): SyntheticTrip | undefined {
    const v = this.#vacation(Math.floor(day / VACATION_BLOCK));
    return v !== null && day >= v.from && day <= v.to ? v.trip : undefined;
  }

  /** The zone of the person's local day `day`: the trip's zone while abroad, else home. */
  calendarOn(day: number): TimeZoneCalendar {
    return this.trip(day)?.calendar ?? this.calendar;
  }

  /**
   * Whether the watch was worn through the daytime of `day`, and through the night that ends
   * on `day` (the evening before and that morning). Days without the watch in the day are
   * often still worn at night, for the sleep tracking.
   */
  wear(day: number): { readonly day: boolean; readonly night: boolean } {
    if (this.watch === undefined) return NO_WEAR;
    const r = this.rng(day, "wear");
    const worn = !r.chance(0.07);
    // Worn days: off for the night now and then. Unworn days: half are night-only.
    return { day: worn, night: worn ? !r.chance(0.04) : r.chance(0.45) };
  }

  // Vacations are drawn per block of days, cached (a ten-year history asks every day).
  #vacation(block: number): Vacation | null {
    let v = this.#vacations.get(block);
    if (v !== undefined) return v;
    const r = this.rng(block, "vacation");
    v = null;
    if (r.chance(0.55)) {
      const start = r.int(0, VACATION_BLOCK - 15);
      const length = r.int(4, 14);
      const from = block * VACATION_BLOCK + start;
      const to = from + length - 1;
      v = { from, to, trip: r.chance(TRIP_SHARE) ? this.#tripZone(r, from, to) : undefined };
    }
    this.#vacations.set(block, v);
    return v;
  }

  #tripZone(r: SeededRandom, from: number, to: number): SyntheticTrip | undefined {
    const home = this.calendar.offsetAt(this.calendar.midnight(from)) / 3600;
    const east = TRIP_ZONES.filter(
      (z) => z.offsetHours - home >= TRIP_MIN_HOURS && z.offsetHours - home <= TRIP_MAX_HOURS,
    );
    const west = TRIP_ZONES.filter(
      (z) => home - z.offsetHours >= TRIP_MIN_HOURS && home - z.offsetHours <= TRIP_MAX_HOURS,
    );
    const goEast = east.length > 0 && (west.length === 0 || r.chance(0.5));
    const choices = goEast ? east : west;
    if (choices.length === 0) return undefined;
    const timezone = r.pick(choices).timezone;
    let calendar = this.#zones.get(timezone);
    if (calendar === undefined) {
      calendar = new TimeZoneCalendar(timezone);
      this.#zones.set(timezone, calendar);
    }
    return Object.freeze({ from, to, calendar, direction: goEast ? "east" : "west" });
  }

  /** Extra body temperature on days of a short fever episode (°C, 0 most days). */
  fever(day: number): number {
    const block = Math.floor(day / FEVER_BLOCK);
    const r = this.rng(block, "fever");
    if (!r.chance(0.3)) return 0;
    const start = r.int(0, FEVER_BLOCK - 6);
    const length = r.int(2, 4);
    const peak = r.range(0.8, 1.7);
    const at = day - block * FEVER_BLOCK - start;
    if (at < 0 || at >= length) return 0;
    return peak * (1 - at / (length + 1));
  }

  /** Body weight in kg that day, before the measurement noise. */
  weightKg(day: number): number {
    return this.weight0 + 2.6 * this.drift(day, "weight") + 0.7 * this.season(day);
  }

  /** Fat ratio (0–1) that day. */
  fatRatio(day: number): number {
    return this.fat0 + 0.025 * this.drift(day, "fat") + 0.006 * this.season(day);
  }

  /** Heart rate at rest for a local hour of the day: lowest before dawn, highest mid-afternoon. */
  circadianHr(day: number, hour: number): number {
    return (
      this.restingHr + 2.5 * this.drift(day, "hr") + 7 + 7 * Math.cos((TAU * (hour - 16)) / 24)
    );
  }

  /** A measure group id: unique per user, day and slot, above 2^31 like real ones. */
  grpid(day: number, slot: number): number {
    return 4_000_000_000 + this.#idBase + day * 100 + slot;
  }

  /** A workout id. */
  workoutId(day: number, slot: number): number {
    return 3_000_000_000 + this.#idBase + day * 10 + slot;
  }

  /** A sleep summary id (the night that ends on `day`; slot 1 is that day's nap). */
  sleepId(day: number, slot = 0): number {
    return 2_000_000_000 + this.#idBase + day * 10 + slot;
  }

  /** An ECG `signalid`. */
  signalId(day: number, slot: number): number {
    return 100_000_000 + (this.key % 1000) * 1_000_000 + (day % 50_000) * 10 + slot;
  }

  #hex(salt: number): string {
    let text = "";
    for (let i = 0; i < 5; i++)
      text += hashSeed(this.key, "device", salt, i).toString(16).padStart(8, "0");
    return text;
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
