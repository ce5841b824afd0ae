import { LATE_DAYS } from "../records/late-days.js";
import type { TableEntry } from "../records/record-table.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { appliForMeasureType } from "./appli-for-measure-type.js";
import type { NotificationHint } from "./notification-hint.js";

/**
 * Notifications for records that reached the cloud in (`since`, `now`]: synthetic data
 * arriving as simulated time moves on (not edits: `applyChange` returns those). One hint
 * per `appli`, covering the dates of what arrived, in `appli` order. Generates the days a
 * late upload can come from (`LATE_DAYS`).
 *
 * @example
 * ```ts
 * store.ensure(now);
 * const hints = arrivalHints(store, lastTick, now);
 * ```
 */
export function arrivalHints(store: UserDataStore, since: number, now: number): NotificationHint[] {
  store.need(store.calendar.dayOf(since) - LATE_DAYS);
  const ranges = new Map<number, { start: number; end: number; days: Set<number> }>();
  const note = (appli: number, start: number, end: number, day?: number): void => {
    const range = ranges.get(appli);
    if (range === undefined) {
      ranges.set(appli, { start, end, days: new Set(day === undefined ? [] : [day]) });
      return;
    }
    range.start = Math.min(range.start, start);
    range.end = Math.max(range.end, end);
    if (day !== undefined) range.days.add(day);
  };
  const arrived = (e: TableEntry<unknown>): boolean =>
    e.created > since && e.created <= now && !store.isApplied(e);
  for (const e of store.measures.entries) {
    if (!arrived(e)) continue;
    for (const appli of new Set(e.rec.measures.map((m) => appliForMeasureType(m.type))))
      note(appli, e.sort, e.sort);
  }
  for (const e of store.activity.entries) {
    if (!arrived(e)) continue;
    // The record's local day, in its own zone (Q14).
    const cal = store.calendarOf(e.rec.timezone);
    note(16, cal.midnight(e.day), cal.midnight(e.day + 1) - 1, e.day);
  }
  for (const e of store.workouts.entries)
    if (arrived(e)) note(16, e.rec.startdate, e.rec.enddate, e.day);
  for (const e of store.sleep.entries)
    if (arrived(e)) note(44, e.rec.startdate, e.rec.enddate, e.day);
  for (const e of store.ecg.entries) if (arrived(e)) note(54, e.sort, e.sort);
  const hints: NotificationHint[] = [];
  for (const [appli, range] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const only = range.days.size === 1 ? [...range.days][0] : undefined;
    const hint = { appli, startdate: range.start, enddate: range.end };
    hints.push(only === undefined ? hint : { ...hint, date: store.calendar.ymd(only) });
  }
  return hints;
}
