import type { ActivityRow, EcgRow, SleepSummaryRow } from "@withings-kit/client";
import { recordKeyOf } from "../store/record-key-of.js";
import type { DependentMark, StoredRow } from "../store/store.js";
import { epochOfIso } from "./epoch-of-iso.js";
import { tilesOver } from "./intraday-tiles.js";
import { isExternalSource } from "./is-external-source.js";
import { isZone } from "./is-zone.js";
import type { ListDataset } from "./list-specs.js";
import { type EpochWindow, localDayWindow } from "./local-day-window.js";

// How far past its local midnight a tracker's day of samples may run.
const SPILL_SECONDS = 12 * 3600;
// Local clocks run from 14 h ahead of UTC to 12 h behind it. A record's `timezone` need not
// be the zone the watch counted its day in (a trip, a phone set to another zone), so its
// samples can lie anywhere its date was a local day on Earth, hours before its own day.
const EARLIEST_OFFSET = 14 * 3600;
const LATEST_OFFSET = 12 * 3600;

/**
 * What the marks of a parent need to know: the zone intraday windows are days of, the
 * user's zone (that of a day with no zone of its own, as for its samples' labels), and how
 * long detail takes to settle after its parent's last change.
 *
 * @example
 * ```ts
 * const context: MarkContext = {
 *   tilingZone: "Europe/Paris",
 *   userZone: "Europe/Paris",
 *   settleSeconds: 21_600,
 * };
 * ```
 */
export interface MarkContext {
  readonly tilingZone: string;
  readonly userZone: string;
  readonly settleSeconds: number;
}

/**
 * The detail a parent row covers, as marks that the store applies only if the parent is new,
 * changed or deleted by the batch (see `StoreBatch.dependents`):
 * - an activity record from a Withings source marks the intraday windows (local days of the
 *   tiling zone) that may hold its samples: those its own local day and the following
 *   morning meet, and those its date meets in any zone on Earth (the cloud places samples
 *   by the watch's day, whose zone the record does not always name) — three normally;
 * - a sleep summary marks the window of its night or nap (a mark on an existing unit widens
 *   it, so a night whose start moved is re-read over both windows);
 * - an ECG recording marks its signal.
 * `previous` holds the stored versions of the rows by record key: an activity record whose
 * zone was edited marks the windows of its day in both zones.
 * Each mark asks for one more fetch once the detail has settled: `detailSettleSeconds` after
 * the later of the window's end and the parent's `modified` for intraday windows (detail
 * reaches the cloud after its parent, quirk Q17), after the parent's `modified` alone for a
 * night or a recording, which reaches the cloud only once it is over.
 *
 * @example
 * ```ts
 * await sync.apply({ upsert: rows, dependents: detailMarks("activity", rows, context) });
 * ```
 */
export function detailMarks(
  dataset: ListDataset,
  rows: readonly StoredRow[],
  context: MarkContext,
  previous?: ReadonlyMap<string, StoredRow>,
): DependentMark[] {
  const marks: DependentMark[] = [];
  const settle = context.settleSeconds;
  for (const row of rows) {
    const record = recordKeyOf(dataset, row);
    if (record === undefined) continue;
    if (dataset === "activity") {
      const day = row as ActivityRow;
      // A count from outside Withings (brand 18: Google Fit, Apple Health…) says nothing
      // about a tracker's samples: the days around it are read anyway (see syncIntraday).
      if (isExternalSource(day)) continue;
      const window = dayWindow(day, context.userZone);
      if (window === undefined) continue;
      const modified = epochOfIso(day.modified) ?? 0;
      // The day as stored, when its zone was edited since: its samples carry the old
      // zone's labels and are read again too.
      const before = previous?.get(record);
      const old =
        before === undefined ? undefined : dayWindow(before as ActivityRow, context.userZone);
      const reaches = [window, ...(old === undefined ? [] : [old])];
      // The old version has the same date: the record's key holds it.
      const anywhere = dateAnywhere(day.date) ?? window;
      const tiles = new Map<number, EpochWindow>();
      for (const reach of reaches) {
        // And the morning after: a tracker's day of samples can run past its local midnight
        // (the night's heart rate), so a changed day may change the next window too.
        const spilled = {
          start: Math.min(reach.start, anywhere.start),
          end: Math.max(reach.end + SPILL_SECONDS, anywhere.end),
        };
        for (const tile of tilesOver(spilled, context.tilingZone)) tiles.set(tile.start, tile);
      }
      for (const tile of tiles.values()) {
        marks.push({
          record,
          unit: {
            dataset: "intraday",
            key: String(tile.start),
            start: tile.start,
            end: tile.end,
            dirty: true,
            fetchedAt: null,
            settleAt: Math.max(tile.end, modified) + settle,
          },
        });
      }
    } else if (dataset === "sleep_summaries") {
      const night = row as SleepSummaryRow;
      const start = epochOfIso(night.startdate);
      const end = epochOfIso(night.enddate);
      if (start === null || end === null || end < start) continue;
      const modified = epochOfIso(night.modified);
      marks.push({
        record,
        unit: {
          dataset: "sleep",
          key: String(night.id),
          start,
          end: end + 1,
          dirty: true,
          fetchedAt: null,
          settleAt: settledAfter(end + 1, modified) + settle,
        },
      });
    } else if (dataset === "ecg") {
      const recording = row as EcgRow;
      if (recording.signalid === null) continue;
      const at = epochOfIso(recording.timestamp) ?? 0;
      marks.push({
        record,
        unit: {
          dataset: "ecg_signal",
          key: String(recording.signalid),
          start: at,
          end: at + 1,
          dirty: true,
          fetchedAt: null,
          settleAt: settledAfter(at, epochOfIso(recording.modified)) + settle,
        },
      });
    }
  }
  return marks;
}

// When a night's or a recording's detail may still be on its way: a summary or a recording
// reaches the cloud only once its night or its recording is over, so its `modified` (the
// cloud's clock) is when that happened. The record's own end counts only without one: a
// device whose clock is ahead dates the record days after the cloud has it, and waiting
// for that date would leave a signal fetched too early missing until then.
function settledAfter(end: number, modified: number | null): number {
  return modified ?? end;
}

// The instants that are in `date` somewhere on Earth: from its first local midnight (14 h
// ahead of UTC) to the last one of the next date (12 h behind).
function dateAnywhere(date: string): EpochWindow | undefined {
  try {
    const utc = localDayWindow(date, "UTC");
    return { start: utc.start - EARLIEST_OFFSET, end: utc.end + LATEST_OFFSET };
  } catch {
    return undefined;
  }
}

/**
 * The instants of an activity record's local day in its own zone (quirk Q14), or in
 * `fallback` when its zone is not one; `undefined` when its date is not a day.
 *
 * @example
 * ```ts
 * dayWindow({ date: "2024-01-05", timezone: "Asia/Tokyo" }, "UTC"); // { start: 1704380400, end: 1704466800 }
 * ```
 */
export function dayWindow(
  day: Pick<ActivityRow, "date" | "timezone">,
  fallback: string,
): EpochWindow | undefined {
  try {
    return localDayWindow(day.date, isZone(day.timezone) ? day.timezone : fallback);
  } catch {
    return undefined;
  }
}
