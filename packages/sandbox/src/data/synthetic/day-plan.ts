import type { TimeZoneCalendar } from "../records/time-zone-calendar.js";
import type { SyntheticPerson } from "./synthetic-person.js";

const HOUR = 3600;
const MINUTE = 60;

/**
 * What both the day's records and its intraday samples follow, decided once per local day
 * from the person's seed alone: where the person is, when the day starts and ends, when the
 * watch was worn, when its data reached the cloud, and whether the phone's count and a nap
 * join the day. Records are generated once and stored; samples are derived again at every
 * request; both read the same plan, so they always agree.
 *
 * @example
 * ```ts
 * const plan = dayPlan(person, day);
 * plan.end === dayPlan(person, day + 1).start; // true: days tile time
 * ```
 */
export interface DayPlan {
  readonly day: number;
  /** The day's `YYYY-MM-DD`: the `date` of its records, local to their zone. */
  readonly ymd: string;
  /** The zone of the watch's and phone's records that day (a trip's zone while abroad). */
  readonly calendar: TimeZoneCalendar;
  /** Set while abroad: which way the trip's zone lies from home. */
  readonly trip: "east" | "west" | undefined;
  /** Local 00:00 of the day in its own zone (epoch seconds). */
  readonly start: number;
  /**
   * The next day's `start`, in the next day's zone: consecutive days meet exactly, so a day
   * lasts 24 h minus the change of offset (shorter flying east, longer flying west).
   */
  readonly end: number;
  /** The watch was worn through the daytime: the day has a tracker activity record. */
  readonly dayWorn: boolean;
  /** The watch was worn through the night that ends this day (its sleep summary exists). */
  readonly nightWorn: boolean;
  /** The watch was worn through the night that ends the next day (this day's evening). */
  readonly nextNightWorn: boolean;
  /** The next day is in another zone: a travel day (no workouts, no nap). */
  readonly travel: boolean;
  /** Extra delay of the watch's uploads that day (seconds, 0 most days). */
  readonly watchLate: number;
  /** When the watch's data of the day (its tracker record, its samples) reached the cloud. */
  readonly uploaded: number;
  /** The phone's step count is a second activity record beside the tracker's. */
  readonly phoneBeside: boolean;
  /** An afternoon nap with its own sleep summary, when there is one. */
  readonly nap: { readonly startdate: number; readonly enddate: number } | undefined;
}

/**
 * The {@link DayPlan} of one local day of a synthetic person: a pure function of the
 * person's seed and `day` (and of the next day's zone and wear, which are as pure).
 *
 * @example
 * ```ts
 * const plan = dayPlan(person, person.firstDay);
 * if (plan.dayWorn) console.log(`tracker day in ${plan.calendar.timezone}`);
 * ```
 */
export function dayPlan(p: SyntheticPerson, day: number): DayPlan {
  const trip = p.trip(day);
  const calendar = trip?.calendar ?? p.calendar;
  const nextCalendar = p.calendarOn(day + 1);
  const start = calendar.midnight(day);
  const end = nextCalendar.midnight(day + 1);
  const wear = p.wear(day);
  const r = p.rng(day, "plan");
  // A few days reach the cloud late: the phone was offline, the watch not synced.
  const watchLate = r.chance(0.04) ? r.int(1, 5) * 86_400 + r.int(0, 20_000) : 0;
  const uploaded = end + r.int(1800, 4 * HOUR) + watchLate;
  const phoneBeside = wear.day && r.chance(0.15);
  const travel = nextCalendar !== calendar;
  let nap: DayPlan["nap"];
  if (wear.day && !travel && r.chance(0.08)) {
    const startdate = start + r.int(13 * HOUR, 15.5 * HOUR);
    // Whole minutes: the nap's detail is one sample a minute, filling it exactly.
    nap = { startdate, enddate: startdate + r.int(20, 90) * MINUTE };
  }
  return {
    day,
    ymd: calendar.ymd(day),
    calendar,
    trip: trip?.direction,
    start,
    end,
    dayWorn: wear.day,
    nightWorn: wear.night,
    nextNightWorn: p.wear(day + 1).night,
    travel,
    watchLate,
    uploaded,
    phoneBeside,
    nap,
  };
}
