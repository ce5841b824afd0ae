/**
 * The one table of Withings actions. Every typed client method, the sandbox's routes and
 * validation, and the conformance tests are derived from it, so they cannot drift apart.
 *
 * @see https://developer.withings.com/api-reference
 * @module
 */

/**
 * An OAuth scope as Withings spells it (comma-joined on the authorize URL).
 *
 * @example
 * ```ts
 * const scope: Scope = "user.metrics";
 * ```
 */
export type Scope = "user.info" | "user.metrics" | "user.activity" | "user.sleepevents";

/**
 * Every scope, in the order the authorize URL lists them by default.
 *
 * @example
 * ```ts
 * client.authorizeUrl({ scope: ALL_SCOPES }); // bed events too
 * ```
 */
export const ALL_SCOPES: readonly Scope[] = Object.freeze([
  "user.info",
  "user.metrics",
  "user.activity",
  "user.sleepevents",
]);

/**
 * How a parameter is written on the wire.
 * - `epoch`: Unix seconds (accepts `Date`, epoch seconds or `YYYY-MM-DD` / ISO strings).
 * - `ymd`: a `YYYY-MM-DD` day (accepts the same inputs).
 * - `int`, `string`, `bool`: as is (`bool` is sent as `true`/`false`).
 * - `int-list`, `string-list`: comma-joined.
 *
 * @example
 * ```ts
 * const format: ParamFormat = endpoints["measure.getmeas"].params.startdate.format; // "epoch"
 * ```
 */
export type ParamFormat = "epoch" | "ymd" | "int" | "int-list" | "string" | "string-list" | "bool";

/**
 * One parameter of an action.
 *
 * @example
 * ```ts
 * const spec: ParamSpec = { format: "epoch", required: true };
 * ```
 */
export interface ParamSpec {
  readonly format: ParamFormat;
  readonly required?: boolean;
}

/**
 * How an action authenticates.
 * - `bearer`: the user's access token.
 * - `client`: `client_id` plus `client_secret`, or a nonce signature (token endpoint).
 * - `signed`: `client_id` + `nonce` + `signature` (HMAC-SHA256 of `action,client_id,nonce`).
 * - `timestamp`: `client_id` + `timestamp` + `signature` (getnonce only).
 *
 * @example
 * ```ts
 * const auth: AuthKind = endpoints["heart.list"].auth; // "bearer"
 * ```
 */
export type AuthKind = "bearer" | "client" | "signed" | "timestamp";

/**
 * Paging of a list action: follow `more`/`offset` and read items from `listKey`.
 *
 * @example
 * ```ts
 * const paging: PaginationSpec = endpoints["heart.list"].pagination; // listKey "series", pageSize 200
 * ```
 */
export interface PaginationSpec {
  /** `int` for getmeas (`more: 0|1`), `bool` everywhere else. */
  readonly more: "int" | "bool";
  /** The key of the body that holds the items. */
  readonly listKey: string;
  /** Rows per page observed on the live API (the sandbox's default). */
  readonly pageSize: number;
  /** Sort order observed on the live API. */
  readonly order: "newest-first" | "oldest-first";
}

/**
 * A Withings action: where it lives and how it is called.
 *
 * @example
 * ```ts
 * const spec: EndpointSpec = endpoints["measure.getmeas"];
 * spec.service; // "/measure"
 * ```
 */
export interface EndpointSpec {
  /** The service path under the API host, e.g. `/v2/measure`. */
  readonly service: string;
  /** The form field `action`. */
  readonly action: string;
  readonly auth: AuthKind;
  /** Scopes any one of which allows the call; empty when it depends on other input (notify). */
  readonly scopes: readonly Scope[];
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Present on list actions that page with `more`/`offset`. */
  readonly pagination?: PaginationSpec;
  /**
   * The longest range one call answers, in seconds. Longer ranges are cut silently by the
   * API (quirk Q8), so the client splits them into windows of this size.
   */
  readonly windowSeconds?: number;
  /** Groups of parameters that must not be sent together (quirk Q5: the answer is empty). */
  readonly exclusive?: readonly (readonly string[])[];
  /** True for actions that change state on the server; they are not retried after a send. */
  readonly write?: boolean;
  /**
   * The values `data_fields` accepts (reference §1.6–§1.10): the metrics an answer can carry.
   * Decoders, `toRows`, the sandbox and the sync engine all read them from here.
   */
  readonly dataFields?: readonly string[];
}

const DAY = 86_400;

const ACTIVITY_FIELDS = [
  "steps",
  "distance",
  "elevation",
  "soft",
  "moderate",
  "intense",
  "active",
  "calories",
  "totalcalories",
  "hr_average",
  "hr_min",
  "hr_max",
  "hr_zone_0",
  "hr_zone_1",
  "hr_zone_2",
  "hr_zone_3",
] as const;

// Spelled `sdnn1` here but `sdnn_1` in sleep get (quirk Q11).
const INTRADAY_FIELDS = [
  "steps",
  "elevation",
  "calories",
  "distance",
  "stroke",
  "pool_lap",
  "duration",
  "heart_rate",
  "spo2_auto",
  "rmssd",
  "sdnn1",
  "hrv_quality",
  "core_body_temperature",
  "rr",
  "chest_movement_rate",
] as const;

const WORKOUT_FIELDS = [
  "calories",
  "intensity",
  "manual_intensity",
  "manual_distance",
  "manual_calories",
  "hr_average",
  "hr_min",
  "hr_max",
  "hr_zone_0",
  "hr_zone_1",
  "hr_zone_2",
  "hr_zone_3",
  "pause_duration",
  "algo_pause_duration",
  "spo2_average",
  "core_body_temperature_avg",
  "core_body_temperature_min",
  "core_body_temperature_max",
  "core_body_temperature_status",
  "steps",
  "distance",
  "elevation",
  "pool_laps",
  "strokes",
  "pool_length",
] as const;

const SLEEP_SERIES_FIELDS = [
  "hr",
  "rr",
  "snoring",
  "sdnn_1",
  "rmssd",
  "hrv_quality",
  "mvt_score",
  "chest_movement_rate",
  "withings_index",
  "breathing_sounds",
] as const;

const SLEEP_SUMMARY_FIELDS = [
  "total_timeinbed",
  "total_sleep_time",
  "asleepduration",
  "lightsleepduration",
  "remsleepduration",
  "deepsleepduration",
  "sleep_efficiency",
  "sleep_latency",
  "wakeup_latency",
  "wakeupduration",
  "wakeupcount",
  "waso",
  "nb_rem_episodes",
  "breathing_disturbances_intensity",
  "apnea_hypopnea_index",
  "withings_index",
  "durationtosleep",
  "durationtowakeup",
  "out_of_bed_count",
  "hr_average",
  "hr_min",
  "hr_max",
  "rr_average",
  "rr_min",
  "rr_max",
  "breathing_quality_assessment",
  "snoring",
  "snoringepisodecount",
  "sleep_score",
  "night_events",
  "mvt_score_avg",
  "mvt_active_duration",
  "rmssd_start_avg",
  "rmssd_end_avg",
  "chest_movement_rate_wellness_average",
  "chest_movement_rate_wellness_min",
  "chest_movement_rate_wellness_max",
  "breathing_sounds",
  "breathing_sounds_episode_count",
  "chest_movement_rate_average",
  "chest_movement_rate_min",
  "chest_movement_rate_max",
  "core_body_temperature_min",
  "core_body_temperature_max",
  "core_body_temperature_avg",
  "core_body_temperature_status",
] as const;
const rangeOrLastupdate = [["lastupdate"], ["startdate", "enddate"]] as const;
const ymdOrLastupdate = [["lastupdate"], ["startdateymd", "enddateymd"]] as const;

/**
 * Every public Withings action, keyed `service.action`.
 *
 * @example
 * ```ts
 * import { endpoints } from "@withings-kit/client";
 * endpoints["measure.getmeas"].service; // "/measure"
 * endpoints["measure.getmeas"].pagination?.pageSize; // 4096
 * ```
 */
export const endpoints = {
  "oauth2.requesttoken": {
    service: "/v2/oauth2",
    action: "requesttoken",
    auth: "client",
    scopes: [],
    params: {
      grant_type: { format: "string", required: true },
      code: { format: "string" },
      redirect_uri: { format: "string" },
      refresh_token: { format: "string" },
    },
  },
  "oauth2.revoke": {
    service: "/v2/oauth2",
    action: "revoke",
    auth: "signed",
    scopes: [],
    params: { userid: { format: "string", required: true } },
    write: true,
  },
  "oauth2.getdemoaccess": {
    service: "/v2/oauth2",
    action: "getdemoaccess",
    auth: "signed",
    scopes: [],
    params: { scope_oauth2: { format: "string-list", required: true } },
  },
  "signature.getnonce": {
    service: "/v2/signature",
    action: "getnonce",
    auth: "timestamp",
    scopes: [],
    params: { timestamp: { format: "epoch", required: true } },
  },
  "measure.getmeas": {
    service: "/measure",
    action: "getmeas",
    auth: "bearer",
    scopes: ["user.metrics"],
    params: {
      meastype: { format: "int" },
      meastypes: { format: "int-list" },
      category: { format: "int" },
      startdate: { format: "epoch" },
      enddate: { format: "epoch" },
      lastupdate: { format: "epoch" },
      offset: { format: "int" },
    },
    pagination: { more: "int", listKey: "measuregrps", pageSize: 4096, order: "newest-first" },
    exclusive: rangeOrLastupdate,
  },
  "measure.getactivity": {
    service: "/v2/measure",
    action: "getactivity",
    auth: "bearer",
    scopes: ["user.activity"],
    params: {
      startdateymd: { format: "ymd" },
      enddateymd: { format: "ymd" },
      lastupdate: { format: "epoch" },
      offset: { format: "int" },
      data_fields: { format: "string-list" },
    },
    pagination: { more: "bool", listKey: "activities", pageSize: 200, order: "oldest-first" },
    exclusive: ymdOrLastupdate,
    dataFields: ACTIVITY_FIELDS,
  },
  "measure.getintradayactivity": {
    service: "/v2/measure",
    action: "getintradayactivity",
    auth: "bearer",
    scopes: ["user.activity"],
    params: {
      startdate: { format: "epoch" },
      enddate: { format: "epoch" },
      data_fields: { format: "string-list" },
    },
    windowSeconds: DAY,
    dataFields: INTRADAY_FIELDS,
  },
  "measure.getworkouts": {
    service: "/v2/measure",
    action: "getworkouts",
    auth: "bearer",
    scopes: ["user.activity"],
    params: {
      startdateymd: { format: "ymd" },
      enddateymd: { format: "ymd" },
      lastupdate: { format: "epoch" },
      offset: { format: "int" },
      data_fields: { format: "string-list" },
    },
    pagination: { more: "bool", listKey: "series", pageSize: 300, order: "oldest-first" },
    exclusive: ymdOrLastupdate,
    dataFields: WORKOUT_FIELDS,
  },
  "heart.list": {
    service: "/v2/heart",
    action: "list",
    auth: "bearer",
    scopes: ["user.metrics"],
    params: {
      startdate: { format: "epoch" },
      enddate: { format: "epoch" },
      offset: { format: "int" },
    },
    pagination: { more: "bool", listKey: "series", pageSize: 200, order: "newest-first" },
  },
  "heart.get": {
    service: "/v2/heart",
    action: "get",
    auth: "bearer",
    scopes: ["user.metrics"],
    params: {
      signalid: { format: "int", required: true },
      with_filtered: { format: "bool" },
      with_intervals: { format: "bool" },
    },
  },
  "sleep.get": {
    service: "/v2/sleep",
    action: "get",
    auth: "bearer",
    scopes: ["user.activity"],
    params: {
      startdate: { format: "epoch", required: true },
      enddate: { format: "epoch", required: true },
      data_fields: { format: "string-list" },
    },
    windowSeconds: DAY,
    dataFields: SLEEP_SERIES_FIELDS,
  },
  "sleep.getsummary": {
    service: "/v2/sleep",
    action: "getsummary",
    auth: "bearer",
    scopes: ["user.activity"],
    params: {
      startdateymd: { format: "ymd" },
      enddateymd: { format: "ymd" },
      lastupdate: { format: "epoch" },
      offset: { format: "int" },
      data_fields: { format: "string-list" },
    },
    pagination: { more: "bool", listKey: "series", pageSize: 300, order: "oldest-first" },
    exclusive: ymdOrLastupdate,
    dataFields: SLEEP_SUMMARY_FIELDS,
  },
  "user.getdevice": {
    service: "/v2/user",
    action: "getdevice",
    auth: "bearer",
    // Which scope getdevice needs is unconfirmed (reference §9.13): accept either.
    scopes: ["user.info", "user.metrics"],
    params: {},
  },
  "user.getgoals": {
    service: "/v2/user",
    action: "getgoals",
    auth: "bearer",
    scopes: ["user.info", "user.metrics"],
    params: {},
  },
  "notify.subscribe": {
    service: "/notify",
    action: "subscribe",
    auth: "bearer",
    scopes: [],
    params: {
      callbackurl: { format: "string", required: true },
      appli: { format: "int", required: true },
      comment: { format: "string" },
    },
    write: true,
  },
  "notify.get": {
    service: "/notify",
    action: "get",
    auth: "bearer",
    scopes: [],
    params: { callbackurl: { format: "string", required: true }, appli: { format: "int" } },
  },
  "notify.list": {
    service: "/notify",
    action: "list",
    auth: "bearer",
    scopes: [],
    params: { appli: { format: "int" } },
  },
  "notify.revoke": {
    service: "/notify",
    action: "revoke",
    auth: "bearer",
    scopes: [],
    params: { callbackurl: { format: "string", required: true }, appli: { format: "int" } },
    write: true,
  },
  "notify.update": {
    service: "/notify",
    action: "update",
    auth: "bearer",
    scopes: [],
    params: {
      callbackurl: { format: "string", required: true },
      appli: { format: "int", required: true },
      new_callbackurl: { format: "string" },
      new_appli: { format: "int" },
      comment: { format: "string" },
    },
    write: true,
  },
} as const satisfies Readonly<Record<string, EndpointSpec>>;

/**
 * The key of an action in {@link endpoints}, e.g. `"measure.getmeas"`.
 *
 * @example
 * ```ts
 * const key: EndpointKey = "measure.getmeas";
 * ```
 */
export type EndpointKey = keyof typeof endpoints;

/**
 * Actions that carry paging fields.
 *
 * @example
 * ```ts
 * const key: PaginatedEndpointKey = "sleep.getsummary"; // "sleep.get" does not page
 * ```
 */
export type PaginatedEndpointKey = {
  [K in EndpointKey]: (typeof endpoints)[K] extends { pagination: PaginationSpec } ? K : never;
}[EndpointKey];

/**
 * Actions whose range is cut to a window (intraday activity, sleep detail).
 *
 * @example
 * ```ts
 * const key: WindowedEndpointKey = "measure.getintradayactivity"; // or "sleep.get"
 * ```
 */
export type WindowedEndpointKey = {
  [K in EndpointKey]: (typeof endpoints)[K] extends { windowSeconds: number } ? K : never;
}[EndpointKey];

/**
 * A date as the client accepts it: a `Date`, Unix seconds, or a `YYYY-MM-DD` / ISO string.
 *
 * @example
 * ```ts
 * const dates: DateInput[] = [new Date(), 1_700_000_000, "2024-03-01", "2024-03-01T08:00:00Z"];
 * ```
 */
export type DateInput = Date | number | string;

type ParamValue<F extends ParamFormat> = F extends "epoch" | "ymd"
  ? DateInput
  : F extends "int"
    ? number
    : F extends "int-list"
      ? number | readonly number[]
      : F extends "string-list"
        ? string | readonly string[]
        : F extends "bool"
          ? boolean
          : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ParamsOf<K extends EndpointKey> = (typeof endpoints)[K]["params"];
type RequiredKeys<P> = { [N in keyof P]: P[N] extends { required: true } ? N : never }[keyof P];
type ValueOf<S> = S extends { format: infer F extends ParamFormat } ? ParamValue<F> : never;

/**
 * The typed parameters of an action, derived from its row in {@link endpoints}.
 *
 * @example
 * ```ts
 * const p: EndpointParams<"measure.getmeas"> = { meastypes: [9, 10], lastupdate: new Date() };
 * ```
 */
export type EndpointParams<K extends EndpointKey> = Simplify<
  { -readonly [N in RequiredKeys<ParamsOf<K>>]: ValueOf<ParamsOf<K>[N]> } & {
    -readonly [N in Exclude<keyof ParamsOf<K>, RequiredKeys<ParamsOf<K>>>]?: ValueOf<
      ParamsOf<K>[N]
    >;
  }
>;

/**
 * Actions that take `data_fields`.
 *
 * @example
 * ```ts
 * const key: DataFieldsEndpointKey = "sleep.getsummary";
 * ```
 */
export type DataFieldsEndpointKey = {
  [K in EndpointKey]: (typeof endpoints)[K] extends { dataFields: readonly string[] } ? K : never;
}[EndpointKey];

/**
 * A value of `data_fields` for an action, e.g. `DataField<"sleep.get">` is `"hr" | "rr" | …`.
 *
 * @example
 * ```ts
 * const fields: DataField<"measure.getactivity">[] = ["steps", "distance"];
 * ```
 */
export type DataField<K extends DataFieldsEndpointKey> =
  (typeof endpoints)[K]["dataFields"][number];

/**
 * Finds the action served at a service path, as the sandbox routes requests.
 *
 * @example
 * ```ts
 * findEndpoint("/v2/measure", "getactivity"); // "measure.getactivity"
 * ```
 */
export function findEndpoint(service: string, action: string): EndpointKey | undefined {
  for (const key of Object.keys(endpoints) as EndpointKey[]) {
    const spec: EndpointSpec = endpoints[key];
    if (spec.service === service && spec.action === action) return key;
  }
  return undefined;
}
