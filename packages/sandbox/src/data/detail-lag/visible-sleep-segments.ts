import type { SleepSegment } from "@withings-kit/client";
import type { TableEntry } from "../records/record-table.js";
import type { StoredSleepSummary } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import type { AnswerNotes } from "./answer-notes.js";
import { detailDelay } from "./detail-delay.js";

const DAY = 86_400;

/**
 * The sleep segments starting in [start, end] that a complete read at `now` sees. Detail
 * lags its parent (Q17: the Sleep mat uploads in batches): a segment appears a seeded delay
 * after the last change of the sleep summary it lies in (or after its own end when no
 * summary holds it). Segments held back are counted in `notes`.
 *
 * @example
 * ```ts
 * const segments = visibleSleepSegments(store, night.startdate, night.enddate, now, new Set(["hr"]));
 * ```
 */
export function visibleSleepSegments(
  store: UserDataStore,
  start: number,
  end: number,
  now: number,
  fields: ReadonlySet<string>,
  notes?: AnswerNotes,
): SleepSegment[] {
  const segments = store.source.sleepSegments(store, start, end, now, fields);
  const cloud = store.cloud;
  if (cloud.detailLagSeconds === 0) return segments;
  const out: SleepSegment[] = [];
  let held = 0;
  for (const segment of segments) {
    const parent = summaryOf(store, segment.startdate, now);
    const visibleAt =
      parent === undefined
        ? segment.enddate + detailDelay(cloud, "sleep-segment", segment.startdate)
        : parent.modified + detailDelay(cloud, "sleep", parent.id, parent.modified);
    if (visibleAt > now) held++;
    else out.push(segment);
  }
  if (notes !== undefined) notes.lateDetail += held;
  return out;
}

// The visible summary whose night holds `time` (nights are sorted by startdate, last less
// than a day, and do not overlap).
function summaryOf(
  store: UserDataStore,
  time: number,
  now: number,
): TableEntry<StoredSleepSummary> | undefined {
  const table = store.sleep;
  for (let i = table.endAtOrBefore(time) - 1; i >= 0; i--) {
    const entry = table.entries[i]!;
    if (entry.rec.startdate < time - DAY) break;
    if (entry.created <= now && entry.rec.startdate <= time && entry.rec.enddate >= time) {
      return entry;
    }
  }
  return undefined;
}
