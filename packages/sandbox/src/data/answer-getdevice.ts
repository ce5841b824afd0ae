import type { UserDataStore } from "./user-data-store.js";

/**
 * The body of `user.getdevice`: the devices linked to the account at `now`, each with its
 * current `battery` and `last_session_date`.
 *
 * @example
 * ```ts
 * const { devices } = answerGetdevice(store, now) as { devices: unknown[] };
 * ```
 */
export function answerGetdevice(store: UserDataStore, now: number): object {
  // The last session of each device is read from its recent records.
  store.need(store.calendar.dayOf(now) - 31);
  const devices = [];
  for (const entry of store.devices.entries) {
    if (entry.created <= now) devices.push(store.source.device(store, entry, now));
  }
  return { devices };
}
