import type { EndpointKey } from "@withings-kit/client";
import type { CloudAction } from "./cloud-action.js";

// This table is written from the reference (withings-api.md), not taken from the client: a
// test double that shares the client's assumptions would prove nothing. Only the client's
// key type is borrowed, so that a missing or an extra action fails the build.

const DAY = 86_400;

// §1.6: getactivity `data_fields`.
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

// §1.7: getintradayactivity `data_fields` (`sdnn1` without the underscore here, Q11).
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

// §1.8: getworkouts `data_fields`.
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

// §1.10: sleep get `data_fields` (`sdnn_1` with the underscore here, Q11).
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

// §1.10: getsummary `data_fields`, standard, apnea and breathing, and other.
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

// Q5: `lastupdate` must not be mixed with a date range; the answer is empty.
const EPOCH_RANGE_OR_LASTUPDATE = [["lastupdate"], ["startdate", "enddate"]] as const;
const YMD_RANGE_OR_LASTUPDATE = [["lastupdate"], ["startdateymd", "enddateymd"]] as const;

/**
 * Every action the sandbox serves, written from the reference: where it lives (§1.0), how it
 * authenticates (§6) and with which scopes (§5), its parameters and their wire formats
 * (§1.2–§1.12), the groups that must not be mixed (Q5), how lists page (§1.13: the list key,
 * `more` as an int on getmeas and a boolean elsewhere (Q6), the observed page sizes and sort
 * orders), the 24 h cut of intraday and sleep get (Q8), and each action's `data_fields`.
 *
 * Routing, parameter checks, page sizes, sort orders and `data_fields` of the sandbox all
 * read this table; none reads the client's endpoint table.
 *
 * @example
 * ```ts
 * CLOUD_ACTIONS["measure.getmeas"].paging?.pageSize; // 4096
 * CLOUD_ACTIONS["sleep.get"].windowSeconds; // 86400
 * ```
 */
export const CLOUD_ACTIONS = {
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
    exclusive: EPOCH_RANGE_OR_LASTUPDATE,
    paging: { listKey: "measuregrps", more: "int", pageSize: 4096, order: "newest-first" },
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
    exclusive: YMD_RANGE_OR_LASTUPDATE,
    paging: { listKey: "activities", more: "bool", pageSize: 200, order: "oldest-first" },
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
    exclusive: YMD_RANGE_OR_LASTUPDATE,
    paging: { listKey: "series", more: "bool", pageSize: 300, order: "oldest-first" },
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
    paging: { listKey: "series", more: "bool", pageSize: 200, order: "newest-first" },
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
      // Not in the spec, but it works (Q7).
      offset: { format: "int" },
      data_fields: { format: "string-list" },
    },
    exclusive: YMD_RANGE_OR_LASTUPDATE,
    paging: { listKey: "series", more: "bool", pageSize: 300, order: "oldest-first" },
    dataFields: SLEEP_SUMMARY_FIELDS,
  },
  "user.getdevice": {
    service: "/v2/user",
    action: "getdevice",
    auth: "bearer",
    // Which scope getdevice needs is unconfirmed (§5, §9.13): either is accepted.
    scopes: ["user.info", "user.metrics"],
    params: {},
  },
  "user.getgoals": {
    service: "/v2/user",
    action: "getgoals",
    auth: "bearer",
    // §5 lists goals under both user.metrics and user.info.
    scopes: ["user.info", "user.metrics"],
    params: {},
  },
  "notify.subscribe": {
    service: "/notify",
    action: "subscribe",
    auth: "bearer",
    // Notify scopes depend on the appli (§3.1); the handlers check them.
    scopes: [],
    params: {
      callbackurl: { format: "string", required: true },
      appli: { format: "int", required: true },
      comment: { format: "string" },
    },
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
  },
} as const satisfies Readonly<Record<EndpointKey, CloudAction>>;

/**
 * The key of an action in {@link CLOUD_ACTIONS} (the same keys as the client's, `service.action`).
 *
 * @example
 * ```ts
 * const key: CloudActionKey = "heart.list";
 * ```
 */
export type CloudActionKey = keyof typeof CLOUD_ACTIONS;
