/**
 * The data actions the data layer answers, keyed like the client's endpoint table
 * (`service.action`). OAuth, nonce and notify actions belong to the HTTP layer.
 *
 * @example
 * ```ts
 * const key: DataEndpointKey = "measure.getmeas";
 * ```
 */
export type DataEndpointKey =
  | "measure.getmeas"
  | "measure.getactivity"
  | "measure.getintradayactivity"
  | "measure.getworkouts"
  | "heart.list"
  | "heart.get"
  | "sleep.get"
  | "sleep.getsummary"
  | "user.getdevice"
  | "user.getgoals";

/**
 * Every {@link DataEndpointKey}, for routing and for tests that walk all of them.
 *
 * @example
 * ```ts
 * if ((DATA_ENDPOINT_KEYS as readonly string[]).includes(key)) route(key as DataEndpointKey);
 * ```
 */
export const DATA_ENDPOINT_KEYS: readonly DataEndpointKey[] = Object.freeze([
  "measure.getmeas",
  "measure.getactivity",
  "measure.getintradayactivity",
  "measure.getworkouts",
  "heart.list",
  "heart.get",
  "sleep.get",
  "sleep.getsummary",
  "user.getdevice",
  "user.getgoals",
]);
