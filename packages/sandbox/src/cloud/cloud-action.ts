import type { Scope } from "@withings-kit/client";
import type { SortOrder } from "../types/cloud-behaviour.js";

/**
 * How a parameter is written on the wire (reference §0: epoch seconds, `YYYY-MM-DD` days,
 * comma-joined lists).
 *
 * @example
 * ```ts
 * const format: CloudParamFormat = "int-list"; // meastypes=1,4,12
 * ```
 */
export type CloudParamFormat =
  | "epoch"
  | "ymd"
  | "int"
  | "int-list"
  | "string"
  | "string-list"
  | "bool";

/**
 * One parameter an action reads.
 *
 * @example
 * ```ts
 * const signalid: CloudParam = { format: "int", required: true };
 * ```
 */
export interface CloudParam {
  readonly format: CloudParamFormat;
  readonly required?: boolean;
}

/**
 * How an action authenticates (reference §6): a user's Bearer token, the app's secret or a
 * nonce signature (requesttoken), a nonce signature only, or a timestamp signature (getnonce).
 *
 * @example
 * ```ts
 * const auth: CloudAuth = "signed";
 * ```
 */
export type CloudAuth = "bearer" | "client" | "signed" | "timestamp";

/**
 * How a list action pages (reference §1.13): where its rows are, the type of `more` (Q6),
 * and the observed default page size and sort order.
 *
 * @example
 * ```ts
 * const paging: CloudPaging = { listKey: "series", more: "bool", pageSize: 200, order: "newest-first" };
 * ```
 */
export interface CloudPaging {
  readonly listKey: string;
  /** `int` (0/1) on getmeas, `bool` on the v2 lists (Q6). */
  readonly more: "int" | "bool";
  readonly pageSize: number;
  readonly order: SortOrder;
}

/**
 * One action of the sandbox's cloud, as the reference describes it.
 *
 * @example
 * ```ts
 * const goals: CloudAction = { service: "/v2/user", action: "getgoals", auth: "bearer", scopes: ["user.info"], params: {} };
 * ```
 */
export interface CloudAction {
  /** The service path under the API host, e.g. `/v2/measure`. */
  readonly service: string;
  /** The form field `action`. */
  readonly action: string;
  readonly auth: CloudAuth;
  /** Scopes any one of which allows the call; empty when it depends on other input (notify). */
  readonly scopes: readonly Scope[];
  readonly params: Readonly<Record<string, CloudParam>>;
  /** Groups of parameters that must not be sent together: the answer is empty (Q5). */
  readonly exclusive?: readonly (readonly string[])[];
  /** Present on list actions. */
  readonly paging?: CloudPaging;
  /** The longest range one call answers; longer ones are cut silently (Q8). */
  readonly windowSeconds?: number;
  /** The values `data_fields` accepts. */
  readonly dataFields?: readonly string[];
}
