/**
 * The actions that page with `more`/`offset` (reference §1.13): each has a page size, a sort
 * order and an offset style in the sandbox's cloud.
 *
 * @example
 * ```ts
 * const key: ListActionKey = "sleep.getsummary";
 * ```
 */
export type ListActionKey =
  | "measure.getmeas"
  | "measure.getactivity"
  | "measure.getworkouts"
  | "heart.list"
  | "sleep.getsummary";

/**
 * Every {@link ListActionKey}.
 *
 * @example
 * ```ts
 * LIST_ACTION_KEYS.includes("heart.list"); // true
 * ```
 */
export const LIST_ACTION_KEYS: readonly ListActionKey[] = Object.freeze([
  "measure.getmeas",
  "measure.getactivity",
  "measure.getworkouts",
  "heart.list",
  "sleep.getsummary",
]);
