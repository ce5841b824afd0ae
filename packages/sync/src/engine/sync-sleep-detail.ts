import { type SleepSegment, type SleepSummaryRow, toRows } from "@withings-kit/client";
import { endpoints, sleepSegmentKey, splitWindows } from "@withings-kit/client/internal";
import type { DetailUnit, StoredRow } from "../store/store.js";
import { epochOfIso } from "./epoch-of-iso.js";
import { isZone } from "./is-zone.js";
import type { EpochWindow } from "./local-day-window.js";
import type { UserSync } from "./user-sync.js";
import { zoneAt } from "./zone-at.js";

const DAY = 86_400;

/**
 * Syncs a user's sleep detail: the window of every sleep summary (a night or a nap) that was
 * marked — new, changed or deleted — and, once, every window first fetched before its
 * detail settled (the mat uploads its detail after the summary, quirk Q17). Each window is
 * read whole and replaces what is stored for it: segments are placed by their start, as
 * sleep get selects them, so a segment that got shorter loses its extra minutes and a night
 * whose start moved loses the minutes before its new start (its mark covers both windows).
 *
 * @example
 * ```ts
 * sync.begin("sleep");
 * await syncSleepDetail(sync);
 * ```
 */
export async function syncSleepDetail(sync: UserSync): Promise<void> {
  const now = sync.cloudNow();
  const due = await sync.store.units(sync.userId, "sleep", { due: now });
  sync.setTotal(due.length);
  const fallback = await sync.zone();
  const nightsOf = nightFinder(sync);
  for (const unit of due) {
    sync.run.signal?.throwIfAborted();
    const nights = await nightsOf(unit);
    const night = nights.find((n) => String(n.id) === unit.key);
    const own = night !== undefined && isZone(night.timezone) ? night.timezone : fallback;
    // Keyed like the client's getSleep: a segment at the seam of two calls comes twice.
    const segments = new Map<string, SleepSegment>();
    let model: number | null | undefined;
    for (const w of splitWindows(unit.start, Math.max(unit.start, unit.end - 1), DAY)) {
      const body = await sync.call((options) =>
        sync.user.getSleep(
          { startdate: w.start, enddate: w.end, data_fields: endpoints["sleep.get"].dataFields },
          options,
        ),
      );
      model ??= body.model;
      for (const segment of body.series) {
        segments.set(sleepSegmentKey(segment), segment);
      }
    }
    const series = [...segments.values()].filter(
      (s) => s.startdate >= unit.start && s.startdate < unit.end,
    );
    // Each segment in the zone of the night or nap it falls in (see `zoneAt` when several
    // meet), so that a window read for one summary labels another's segments alike.
    const windows = nightWindows(nights, fallback);
    const byZone = new Map<string, SleepSegment[]>();
    for (const segment of series) {
      const zone = zoneAt(windows, segment.startdate) ?? own;
      byZone.set(zone, [...(byZone.get(zone) ?? []), segment]);
    }
    const rows: StoredRow[] = [];
    for (const [timezone, part] of byZone) {
      const body = model === undefined ? { series: part } : { series: part, model };
      rows.push(...toRows("sleep", body, { timezone }));
    }
    const fetchedAt = sync.cloudNow();
    await sync.apply(
      {
        upsert: rows,
        complete: { from: unit.start, to: unit.end },
        units: [nextUnit(unit, night, fetchedAt)],
      },
      "detail",
    );
  }
  await sync.apply({ state: { lastSyncAt: now } });
}

// Finds the stored summaries a unit's window needs: its own and those it overlaps. Summaries
// are stored on their `date`, which is normally the day their night ends, so those within
// three days of the window are read by date; the units (one per summary, over a window that
// holds the summary's) name the rest. A summary whose `date` lies further away (the cloud
// allows any) is missed by that read: then, and only then, every summary of the user is read,
// once per run.
function nightFinder(sync: UserSync): (unit: DetailUnit) => Promise<SleepSummaryRow[]> {
  let units: DetailUnit[] | undefined;
  let every: SleepSummaryRow[] | undefined;
  return async (unit) => {
    units ??= await sync.store.units(sync.userId, "sleep");
    const wanted = new Set([unit.key]);
    for (const other of units) {
      if (other.start < unit.end && other.end > unit.start) wanted.add(other.key);
    }
    const near = await summaries(sync, unit.start - 3 * DAY, unit.end + 3 * DAY);
    for (const night of near) wanted.delete(String(night.id));
    if (wanted.size === 0) return near;
    every ??= await summaries(sync);
    return every.filter((night) => {
      const start = epochOfIso(night.startdate);
      const end = epochOfIso(night.enddate);
      const overlaps = start !== null && end !== null && start < unit.end && end + 1 > unit.start;
      return overlaps || String(night.id) === unit.key;
    });
  };
}

async function summaries(sync: UserSync, from?: number, to?: number): Promise<SleepSummaryRow[]> {
  const nights: SleepSummaryRow[] = [];
  const range = from === undefined || to === undefined ? {} : { from, to };
  for await (const row of sync.store.rows({
    dataset: "sleep_summaries",
    userId: sync.userId,
    ...range,
  })) {
    nights.push(row as SleepSummaryRow);
  }
  return nights;
}

// The windows of the summaries, for the zone each segment is labelled with (see `zoneAt`).
// A summary with no known zone is the user's, like every row without one.
function nightWindows(
  nights: readonly SleepSummaryRow[],
  userZone: string,
): (EpochWindow & { readonly timezone: string })[] {
  const windows: (EpochWindow & { readonly timezone: string })[] = [];
  for (const night of nights) {
    const start = epochOfIso(night.startdate);
    const end = epochOfIso(night.enddate);
    if (start === null || end === null || end < start) continue;
    const timezone = isZone(night.timezone) ? night.timezone : userZone;
    windows.push({ start, end: end + 1, timezone });
  }
  return windows;
}

// After a fetch, a unit covers its summary's current window again (a later move then widens
// from there); a unit whose summary is gone is done once its window was read.
function nextUnit(
  unit: DetailUnit,
  night: SleepSummaryRow | undefined,
  fetchedAt: number,
): DetailUnit | { readonly dataset: "sleep"; readonly key: string; readonly remove: true } {
  if (night === undefined) return { dataset: "sleep", key: unit.key, remove: true };
  const start = epochOfIso(night.startdate) ?? unit.start;
  const end = (epochOfIso(night.enddate) ?? unit.end - 1) + 1;
  return {
    ...unit,
    start,
    end,
    dirty: false,
    fetchedAt,
    settleAt: unit.settleAt !== null && fetchedAt < unit.settleAt ? unit.settleAt : null,
  };
}
