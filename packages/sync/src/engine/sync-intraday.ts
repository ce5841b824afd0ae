import {
  type ActivityRow,
  type DeviceRow,
  type IntradaySample,
  toRows,
} from "@withings-kit/client";
import { endpoints, splitWindows } from "@withings-kit/client/internal";
import type { DetailUnit, StoredRow } from "../store/store.js";
import { dayWindow } from "./detail-marks.js";
import { epochOfIso } from "./epoch-of-iso.js";
import { tileAt } from "./intraday-tiles.js";
import { isExternalSource } from "./is-external-source.js";
import { isZone } from "./is-zone.js";
import type { EpochWindow } from "./local-day-window.js";
import type { UserSync } from "./user-sync.js";
import { zoneAt } from "./zone-at.js";

const DAY = 86_400;
/** How long after its end a window no activity record meets is looked at again, daily. */
const ORPHAN_WATCH = 7 * DAY;

/**
 * Syncs a user's intraday samples. Samples are read by windows that tile time: the local
 * days of one fixed zone (see `tileAt`), from the first day a Withings tracker could have
 * recorded one (a tracker's first session, or the first activity record from a Withings
 * source) to today. A window is fetched:
 * - once at least, whatever the activity records say: samples exist on days with zero steps
 *   (heart rate) and beside external step sources, so no rule on a day's record can say a
 *   window is empty;
 * - again whenever an activity record that may hold samples in it is new, changed or
 *   deleted (its mark: see `detailMarks`, which reaches the windows its date meets in any
 *   zone, as the watch's day need not be in the zone the record names);
 * - once more after its detail has settled, when it was fetched before that: before the
 *   window ended, or before `detailSettleHours` passed since a parent's last change (samples
 *   reach the cloud after the day's record, quirk Q17);
 * - once a day for a week after it ended while activity records of a Withings source do
 *   not cover all of it: a watch worn only at night uploads the night's samples whenever it
 *   next syncs, with no record to announce them (abroad, a window can hold the end of a
 *   tracker day and the night after it).
 * Each fetch replaces the window whole (`complete`): samples the cloud no longer has go.
 * Samples take the zone of the Withings activity day they fall in (see `zoneAt` when
 * several meet), else the user's zone.
 *
 * @example
 * ```ts
 * sync.begin("intraday");
 * await syncIntraday(sync);
 * ```
 */
export async function syncIntraday(sync: UserSync): Promise<void> {
  const now = sync.cloudNow();
  const zone = await sync.tilingZone();
  const userZone = await sync.zone();
  const settle = sync.settings.detailSettleSeconds;
  const units = await sync.store.units(sync.userId, "intraday");
  const known = new Set(units.map((u) => u.key));
  // A window still to come (the morning after today, marked by today's record) waits.
  const work: DetailUnit[] = units.filter(
    (u) => u.start <= now && (u.dirty || (u.settleAt !== null && u.settleAt <= now)),
  );
  const first = await spanStart(sync, zone);
  if (first !== undefined) {
    let tile = tileAt(first, zone);
    while (tile.start <= now) {
      const key = String(tile.start);
      if (!known.has(key)) {
        work.push({
          dataset: "intraday",
          key,
          start: tile.start,
          end: tile.end,
          dirty: true,
          fetchedAt: null,
          settleAt: tile.end + settle,
        });
      }
      tile = tileAt(tile.end, zone);
    }
  }
  work.sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : 1));
  sync.setTotal(work.length);
  for (const unit of work) {
    sync.run.signal?.throwIfAborted();
    const { rows, parented } = await fetchWindow(sync, unit, userZone);
    const fetchedAt = sync.cloudNow();
    // Not settled before the window has ended and its detail had time to arrive, whatever
    // marked it; without a parent, not before a week has passed, looked at daily.
    let settleAt = Math.max(unit.settleAt ?? Number.NEGATIVE_INFINITY, unit.end + settle);
    if (!parented && fetchedAt < unit.end + ORPHAN_WATCH) {
      settleAt = Math.max(settleAt, Math.min(fetchedAt + DAY, unit.end + ORPHAN_WATCH));
    }
    await sync.apply(
      {
        upsert: rows,
        complete: { from: unit.start, to: unit.end },
        units: [
          {
            ...unit,
            dirty: false,
            fetchedAt,
            settleAt: fetchedAt < settleAt ? settleAt : null,
          },
        ],
      },
      "detail",
    );
  }
  await sync.apply({ state: { lastSyncAt: now } });
}

// The earliest instant a sample could have: a Withings tracker's first session, or the
// first day with an activity record from a Withings source; `undefined` when the user has
// neither (a phone's count through an external app, brand 18, records no samples).
async function spanStart(sync: UserSync, zone: string): Promise<number | undefined> {
  let first: number | undefined;
  for await (const row of sync.store.rows({ dataset: "activity", userId: sync.userId })) {
    const day = row as ActivityRow;
    if (isExternalSource(day)) continue;
    // Rows come by day: the first that has a window is the earliest.
    const window = dayWindow(day, zone);
    if (window !== undefined) {
      first = window.start;
      break;
    }
  }
  for await (const row of sync.store.rows({ dataset: "devices", userId: sync.userId })) {
    const device = row as DeviceRow;
    if (device.type !== "Activity Tracker") continue;
    const session = epochOfIso(device.first_session_date);
    if (session !== null && (first === undefined || session < first)) first = session;
  }
  return first;
}

async function fetchWindow(
  sync: UserSync,
  unit: DetailUnit,
  userZone: string,
): Promise<{ rows: StoredRow[]; parented: boolean }> {
  const series: Record<string, IntradaySample> = {};
  // The API cuts at 24 h and its end is inclusive (quirk Q8): a 25 h day takes two calls.
  for (const w of splitWindows(unit.start, Math.max(unit.start, unit.end - 1), DAY)) {
    const body = await sync.call((options) =>
      sync.user.getIntradayActivity(
        {
          startdate: w.start,
          enddate: w.end,
          // Every series, not the API's default subset.
          data_fields: endpoints["measure.getintradayactivity"].dataFields,
        },
        options,
      ),
    );
    Object.assign(series, body.series);
  }
  const days = await activityDays(sync, unit, userZone);
  // Labels follow the days of Withings sources only: an external app's count is a phone's,
  // in the phone's zone, and announces nothing (its changes mark no window).
  const labelling = days.filter((day) => day.withings);
  const byZone = new Map<string, Record<string, IntradaySample>>();
  for (const [time, sample] of Object.entries(series)) {
    const t = Number(time);
    if (!(t >= unit.start && t < unit.end)) continue;
    const sampleZone = zoneAt(labelling, t) ?? userZone;
    let part = byZone.get(sampleZone);
    if (part === undefined) {
      part = {};
      byZone.set(sampleZone, part);
    }
    part[time] = sample;
  }
  const rows: StoredRow[] = [];
  for (const [timezone, part] of byZone) {
    rows.push(...toRows("intraday", { series: part }, { timezone }));
  }
  return {
    rows,
    parented: covers(labelling, unit),
  };
}

// Whether the days leave no instant of the window uncovered. A day that meets only part of
// it (travel: the tiling zone's day spans two local days) announces nothing about the rest.
function covers(days: readonly EpochWindow[], window: EpochWindow): boolean {
  let reached = window.start;
  for (const day of [...days].sort((a, b) => a.start - b.start)) {
    if (day.start > reached) return false;
    reached = Math.max(reached, day.end);
    if (reached >= window.end) return true;
  }
  return reached >= window.end;
}

// The stored activity days whose local day meets the window, each in its own zone, or the
// user's when it has none that is known.
async function activityDays(
  sync: UserSync,
  unit: EpochWindow,
  userZone: string,
): Promise<(EpochWindow & { readonly timezone: string; readonly withings: boolean })[]> {
  const days: (EpochWindow & { readonly timezone: string; readonly withings: boolean })[] = [];
  for await (const row of sync.store.rows({
    dataset: "activity",
    userId: sync.userId,
    from: unit.start - 2 * DAY,
    to: unit.end + 2 * DAY,
  })) {
    const day = row as ActivityRow;
    const window = dayWindow(day, userZone);
    if (window !== undefined && window.end > unit.start && window.start < unit.end) {
      days.push({
        ...window,
        timezone: isZone(day.timezone) ? day.timezone : userZone,
        withings: !isExternalSource(day),
      });
    }
  }
  return days;
}
