import type { Goals } from "@withings-kit/client";
import { TimeZoneCalendar } from "../records/time-zone-calendar.js";
import { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { SandboxUserData } from "../user/sandbox-user-data.js";
import { UserData } from "../user/user-data.js";
import { PROFILES, type Profile } from "./profile.js";
import { SyntheticPerson } from "./synthetic-person.js";
import { SyntheticSource } from "./synthetic-source.js";

/**
 * Options of {@link generateUser}.
 *
 * @example
 * ```ts
 * const options: GenerateUserOptions = { profile: "scale-only", years: 2, seed: 7, userId: "42", now: 1767225600 };
 * ```
 */
export interface GenerateUserOptions {
  readonly profile: Profile;
  /** Years of history before `now` (fractions allowed). */
  readonly years: number;
  readonly seed: number;
  readonly userId: string;
  /** The simulated instant of creation, epoch seconds. */
  readonly now: number;
  /**
   * IANA time zone of the user's home: getmeas `timezone`, the devices' zone, and the zone
   * of the local days (trips move the watch's and phone's days into the trip's zone).
   * @default "Europe/Paris"
   */
  readonly timezone?: string;
}

const DEFAULT_TIMEZONE = "Europe/Paris";

/**
 * Creates a synthetic user whose data is a pure function of (seed, userId, day): the same
 * options give the same answers byte for byte, another seed or user gives other data. The
 * history covers `years` before `now`; when later calls bring a later `now`, the days after
 * are generated the same way, so data keeps arriving as simulated time moves on.
 *
 * Nothing is generated up front, so a user of any length is ready at once: history is
 * generated newest first, as far back as queries reach (a newest-first page, a `lastupdate`
 * or a date range), and `snapshot`, `counts` and `apply` generate all of it. Daily records
 * (measure groups, activity days, workouts, sleep summaries, ECG recordings) are kept once
 * generated; intraday samples, sleep detail and ECG signals are derived on demand and never
 * stored. See {@link Profile} for what each profile measures, and `dayPlan` for how each
 * local day is laid out (its zone, its window, when the watch was worn).
 *
 * @example
 * ```ts
 * const user = generateUser({ profile: "vitals-study", years: 10, seed: 1, userId: "42", now: 1767225600 });
 * user.answer("measure.getmeas", new URLSearchParams({ meastypes: "9,10,11" }), 1767225600);
 * ```
 */
export function generateUser(options: GenerateUserOptions): SandboxUserData {
  const { profile, years, seed, userId, now } = options;
  if (!PROFILES.includes(profile))
    throw new SandboxParamError(`unknown profile ${JSON.stringify(profile)}`);
  if (!Number.isFinite(years) || years < 0 || years > 100)
    throw new SandboxParamError("years must be between 0 and 100");
  if (!Number.isFinite(seed)) throw new SandboxParamError("seed must be a finite number");
  if (!Number.isFinite(now)) throw new SandboxParamError("now must be epoch seconds");
  const calendar = new TimeZoneCalendar(options.timezone ?? DEFAULT_TIMEZONE);
  const firstDay = calendar.dayOf(now) - Math.round(years * 365.25);
  const person = new SyntheticPerson(seed, userId, profile, calendar, firstDay);
  const source = new SyntheticSource(person);
  const store = new UserDataStore({
    calendar,
    source,
    firstDay,
    lastDay: calendar.dayOf(now) - 1,
    goals: goalsOf(person),
  });
  for (const owned of [person.scale, person.bpm, person.thermo, person.watch]) {
    if (owned === undefined) continue;
    const device = Object.freeze({
      type: owned.model.type,
      battery: "high",
      model: owned.model.name,
      model_id: owned.model.modelId,
      timezone: calendar.timezone,
      first_session_date: owned.firstSession,
      last_session_date: owned.firstSession,
      deviceid: owned.deviceid,
      hash_deviceid: owned.deviceid,
    });
    source.trackDevice(device);
    const tie = store.nextTie();
    // Linked from the first day on, so getdevice lists them at any `now` of the history.
    const linked = calendar.midnight(firstDay);
    store.devices.add({
      rec: device,
      id: owned.deviceid,
      sort: tie,
      tie,
      day: firstDay,
      created: linked,
      modified: linked,
    });
  }
  store.ensure(now);
  return new UserData(store);
}

function goalsOf(person: SyntheticPerson): Goals | null {
  if (person.profile === "empty") return null;
  const weight = Object.freeze({ value: Math.round((person.weight0 - 4) * 10) * 100, unit: -3 });
  if (person.profile === "scale-only") return Object.freeze({ weight });
  return Object.freeze({
    steps: Math.round(person.steps0 / 1000) * 1000,
    sleep: Math.round(person.sleepMinutes / 30) * 1800,
    weight,
  });
}
