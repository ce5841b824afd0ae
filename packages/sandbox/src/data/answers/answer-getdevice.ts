import type { QueryParams } from "../queries/query-params.js";
import type { UserDataStore } from "../records/user-data-store.js";
import type { AnswerBody } from "./data-answer.js";

/**
 * The body of `user.getdevice`: the devices linked to the account at `now`, each with its
 * current `battery` and `last_session_date`.
 *
 * @example
 * ```ts
 * const { devices } = answerGetdevice(store, new QueryParams(new URLSearchParams()), now);
 * ```
 */
export function answerGetdevice(
  store: UserDataStore,
  _q: QueryParams,
  now: number,
): AnswerBody<"user.getdevice"> {
  // The last session of each device is read from its recent records.
  store.need(store.calendar.dayOf(now) - 31);
  const devices = [];
  for (const entry of store.devices.entries) {
    if (entry.created <= now) devices.push(store.source.device(store, entry, now));
  }
  return { devices };
}
