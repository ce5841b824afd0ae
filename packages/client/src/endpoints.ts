/**
 * The one table of Withings actions. Each row owns its whole action: where it lives, how it
 * authenticates, its scopes, its parameters, its paging and its body decoder. The result type
 * of every action, the user-callable keys, the list keys and `decoders` are derived from the
 * rows, so adding an action is adding a row (plus its decoder and body type).
 *
 * Every typed client method, the sandbox's routes and validation, and the conformance tests
 * are derived from it, so they cannot drift apart.
 *
 * @see https://developer.withings.com/api-reference
 * @module
 */

import { decodeEmptyBody } from "./decode/decode-empty-body.js";
import { decodeGetActivityBody } from "./decode/decode-get-activity-body.js";
import { decodeGetDevicesBody } from "./decode/decode-get-devices-body.js";
import { decodeGetGoalsBody } from "./decode/decode-get-goals-body.js";
import { decodeGetIntradayBody } from "./decode/decode-get-intraday-body.js";
import { decodeGetMeasBody } from "./decode/decode-get-meas-body.js";
import { decodeGetSleepBody } from "./decode/decode-get-sleep-body.js";
import { decodeGetSleepSummaryBody } from "./decode/decode-get-sleep-summary-body.js";
import { decodeGetWorkoutsBody } from "./decode/decode-get-workouts-body.js";
import { decodeHeartListBody } from "./decode/decode-heart-list-body.js";
import { decodeHeartSignalBody } from "./decode/decode-heart-signal-body.js";
import { decodeNonceBody } from "./decode/decode-nonce-body.js";
import { decodeNotifyListBody } from "./decode/decode-notify-list-body.js";
import { decodeSubscription } from "./decode/decode-subscription.js";
import { decodeTokenResponseBody } from "./decode/decode-token-response-body.js";
import {
  ACTIVITY_FIELDS,
  INTRADAY_FIELDS,
  SLEEP_SERIES_FIELDS,
  SLEEP_SUMMARY_FIELDS,
  WORKOUT_FIELDS,
} from "./endpoints/data-fields.js";
import type { ErrorContext } from "./errors/withings-error.js";

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
 * spec.decode({ measuregrps: [] }); // checked body, typed by the row
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
   * `toRows`, the sandbox and the sync engine read them from here (the decoders from
   * `endpoints/data-fields.ts`, the same arrays).
   */
  readonly dataFields?: readonly string[];
  /**
   * Checks and decodes the `body` of a successful answer (after `decodeEnvelope`). Its return
   * type is the action's result type: `EndpointResults` is derived from it.
   */
  readonly decode: (body: unknown, context?: ErrorContext) => unknown;
}

const DAY = 86_400;

const rangeOrLastupdate = [["lastupdate"], ["startdate", "enddate"]] as const;
const ymdOrLastupdate = [["lastupdate"], ["startdateymd", "enddateymd"]] as const;

/**
 * Every public Withings action, keyed `service.action`.
 *
 * @example
 * ```ts
 * import { endpoints } from "@withings-kit/client/internal";
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
    decode: decodeTokenResponseBody,
  },
  "oauth2.revoke": {
    service: "/v2/oauth2",
    action: "revoke",
    auth: "signed",
    scopes: [],
    params: { userid: { format: "string", required: true } },
    write: true,
    decode: decodeEmptyBody,
  },
  "oauth2.getdemoaccess": {
    service: "/v2/oauth2",
    action: "getdemoaccess",
    auth: "signed",
    scopes: [],
    params: { scope_oauth2: { format: "string-list", required: true } },
    decode: decodeTokenResponseBody,
  },
  "signature.getnonce": {
    service: "/v2/signature",
    action: "getnonce",
    auth: "timestamp",
    scopes: [],
    params: { timestamp: { format: "epoch", required: true } },
    decode: decodeNonceBody,
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
    decode: decodeGetMeasBody,
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
    decode: decodeGetActivityBody,
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
    decode: decodeGetIntradayBody,
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
    decode: decodeGetWorkoutsBody,
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
    decode: decodeHeartListBody,
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
    decode: decodeHeartSignalBody,
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
    decode: decodeGetSleepBody,
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
    decode: decodeGetSleepSummaryBody,
  },
  "user.getdevice": {
    service: "/v2/user",
    action: "getdevice",
    auth: "bearer",
    // Which scope getdevice needs is unconfirmed (reference §9.13): accept either.
    scopes: ["user.info", "user.metrics"],
    params: {},
    decode: decodeGetDevicesBody,
  },
  "user.getgoals": {
    service: "/v2/user",
    action: "getgoals",
    auth: "bearer",
    scopes: ["user.info", "user.metrics"],
    params: {},
    decode: decodeGetGoalsBody,
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
    decode: decodeEmptyBody,
  },
  "notify.get": {
    service: "/notify",
    action: "get",
    auth: "bearer",
    scopes: [],
    params: { callbackurl: { format: "string", required: true }, appli: { format: "int" } },
    decode: decodeSubscription,
  },
  "notify.list": {
    service: "/notify",
    action: "list",
    auth: "bearer",
    scopes: [],
    params: { appli: { format: "int" } },
    decode: decodeNotifyListBody,
  },
  "notify.revoke": {
    service: "/notify",
    action: "revoke",
    auth: "bearer",
    scopes: [],
    params: { callbackurl: { format: "string", required: true }, appli: { format: "int" } },
    write: true,
    decode: decodeEmptyBody,
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
    decode: decodeEmptyBody,
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
 * Actions a user's access token can call: the rows that authenticate with `bearer` (the
 * token, signature and nonce actions are the app's own).
 *
 * @example
 * ```ts
 * const key: UserEndpointKey = "sleep.getsummary"; // not "oauth2.requesttoken"
 * ```
 */
export type UserEndpointKey = {
  [K in EndpointKey]: (typeof endpoints)[K]["auth"] extends "bearer" ? K : never;
}[EndpointKey];

/**
 * The key of the body that holds a list action's items, read from its row's `pagination`,
 * e.g. `ListKey<"measure.getmeas">` is `"measuregrps"`.
 *
 * @example
 * ```ts
 * const key: ListKey<"heart.list"> = "series";
 * ```
 */
export type ListKey<K extends PaginatedEndpointKey> =
  (typeof endpoints)[K]["pagination"]["listKey"];

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
