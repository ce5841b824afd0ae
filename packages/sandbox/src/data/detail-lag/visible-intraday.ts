import type { IntradaySample } from "@withings-kit/client";
import type { SampleVersion } from "../records/explicit-samples.js";
import type { TableEntry } from "../records/record-table.js";
import type { StoredActivity } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import type { AnswerNotes } from "./answer-notes.js";
import { detailDelay } from "./detail-delay.js";

/**
 * The intraday samples with a time in [start, end] that a complete read at `now` sees: the
 * detail source's derived samples, under the explicit samples of data changes (an explicit
 * sample replaces the derived one at its second, a deleted second hides it), each visible
 * only once it has reached the cloud. Detail lags its parent (Q17): a derived sample
 * appears a seeded delay after the last change of the activity records whose local day (in
 * each record's own zone, Q14) holds it (or after its own time when none does), an explicit
 * version a seeded delay after it was made; until then the previous state shows. Samples
 * held back are counted in `notes`.
 *
 * @example
 * ```ts
 * const samples = visibleIntraday(store, midnight, midnight + 86_399, now);
 * ```
 */
export function visibleIntraday(
  store: UserDataStore,
  start: number,
  end: number,
  now: number,
  notes?: AnswerNotes,
): [number, IntradaySample][] {
  const derived = store.source.intraday(store, start, end, now);
  const cloud = store.cloud;
  const lagged = cloud.detailLagSeconds > 0;
  const times = store.samples.timesIn(start, end);
  if (!lagged && times.length === 0) return derived;

  let held = 0;
  // The explicit version visible at each second that has any, or undefined when none is yet.
  const explicit = new Map<number, SampleVersion | undefined>();
  for (const time of times) {
    let visible: SampleVersion | undefined;
    let pending = false;
    for (const version of store.samples.versions(time)) {
      if (version.at > now) continue;
      if (version.at + detailDelay(cloud, "intraday-sample", time, version.at) <= now) {
        if (visible === undefined || version.at >= visible.at) visible = version;
      } else pending = true;
    }
    if (pending) held++;
    explicit.set(time, visible);
  }

  const out: [number, IntradaySample][] = [];
  const candidates = new Map<number, TableEntry<StoredActivity>[]>();
  for (const sample of derived) {
    const time = sample[0];
    if (explicit.get(time) !== undefined) continue;
    if (lagged) {
      const visibleAt =
        parentVisibleAt(store, time, now, candidates) ??
        time + detailDelay(cloud, "intraday-derived", time);
      if (visibleAt > now) {
        held++;
        continue;
      }
    }
    out.push(sample);
  }
  let merged = false;
  for (const [time, version] of explicit) {
    if (version?.sample == null) continue;
    out.push([time, version.sample]);
    merged = true;
  }
  if (merged) out.sort((a, b) => a[0] - b[0]);
  if (notes !== undefined) notes.lateDetail += held;
  return out;
}

// When the detail at `time` reaches the cloud: a delay after the last change of the
// visible activity records whose local day holds it, or undefined when none does.
// `candidates` caches, per day of the user's zone, the visible records that may hold it.
function parentVisibleAt(
  store: UserDataStore,
  time: number,
  now: number,
  candidates: Map<number, TableEntry<StoredActivity>[]>,
): number | undefined {
  const home = store.calendar.dayOf(time);
  let near = candidates.get(home);
  if (near === undefined) {
    // A record's day is local to its own zone, at most a day from the user's.
    near = [];
    for (let day = home - 1; day <= home + 1; day++) {
      for (const entry of store.activityOn(day)) if (entry.created <= now) near.push(entry);
    }
    candidates.set(home, near);
  }
  let parent: TableEntry<StoredActivity> | undefined;
  for (const entry of near) {
    if (store.calendarOf(entry.rec.timezone).dayOf(time) !== entry.day) continue;
    if (parent === undefined || entry.modified > parent.modified) parent = entry;
  }
  if (parent === undefined) return undefined;
  return parent.modified + detailDelay(store.cloud, "intraday", parent.id, parent.modified);
}
