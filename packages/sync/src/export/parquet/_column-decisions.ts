import type { TableDataset } from "../../store/dataset-tables.js";

/**
 * What a stored text column holds, which its SQL kind cannot say: a UTC instant
 * (`YYYY-MM-DDTHH:MM:SSZ`), a local calendar day (`YYYY-MM-DD`), a local time of day
 * (`HH:MM:SS`), or plain text.
 */
export type TextMeaning = "instant" | "date" | "time" | "text";

const I = "instant" as const;
const D = "date" as const;
const T = "time" as const;
const X = "text" as const;

/**
 * Every text column of every table, by row key, with what it holds. Listing plain text
 * too is deliberate: a text column the layout gains is then undecided, and the export's
 * tests fail until someone says whether it is an instant, a day, a time or text — a new
 * `…date` column silently exported as a string would be the wrong default to discover late.
 * Activity, workout and sleep-summary `date` are the API's `YYYY-MM-DD` local day; the
 * `date` of a measure is its instant.
 */
export const TEXT_COLUMNS: {
  readonly [K in TableDataset]: Readonly<Record<string, TextMeaning>>;
} = Object.freeze({
  measures: {
    key: X,
    name: X,
    unit: X,
    date: I,
    localDate: D,
    localTime: T,
    timezone: X,
    deviceid: X,
    model: X,
    created: I,
    modified: I,
  },
  activity: {
    date: D,
    timezone: X,
    deviceid: X,
    hash_deviceid: X,
    model: X,
    modelName: X,
    modified: I,
    extra: X,
  },
  intraday: {
    time: I,
    localDate: D,
    localTime: T,
    timezone: X,
    deviceid: X,
    model: X,
    extra: X,
  },
  workouts: {
    categoryKey: X,
    date: D,
    timezone: X,
    startdate: I,
    enddate: I,
    localStartDate: D,
    localStartTime: T,
    localEndDate: D,
    localEndTime: T,
    modelName: X,
    deviceid: X,
    modified: I,
    core_body_temperature_status: X,
    extra: X,
  },
  sleep_summaries: {
    date: D,
    timezone: X,
    startdate: I,
    enddate: I,
    localStartDate: D,
    localStartTime: T,
    localEndDate: D,
    localEndTime: T,
    modelName: X,
    hash_deviceid: X,
    created: I,
    modified: I,
    core_body_temperature_status: X,
    night_events: X,
    extra: X,
  },
  sleep: {
    time: I,
    localDate: D,
    localTime: T,
    timezone: X,
    stateKey: X,
    segmentStart: I,
    segmentEnd: I,
    model: X,
    hash_deviceid: X,
  },
  ecg: {
    afibKey: X,
    timestamp: I,
    localDate: D,
    localTime: T,
    timezone: X,
    modelName: X,
    deviceid: X,
    modified: I,
  },
  ecg_signal: {},
  devices: {
    type: X,
    model: X,
    modelName: X,
    battery: X,
    deviceid: X,
    hash_deviceid: X,
    timezone: X,
    first_session_date: I,
    last_session_date: I,
  },
  goals: { goal: X, unit: X },
});

/**
 * Integer columns small enough for INT32 by construction: a power-of-ten exponent and a UTC
 * offset in minutes. Every other integer is INT64, because the API types ids as int64 and
 * real ids (`grpid`, workout `id`) already pass 2^31; a wrong INT32 would fail an export
 * years later, a wide INT64 costs nothing after compression.
 */
export const INT32_KEYS: ReadonlySet<string> = new Set(["rawUnit", "offsetMinutes"]);
