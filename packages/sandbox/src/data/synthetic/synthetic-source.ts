import type { HeartSignalBody, IntradaySample, SleepSegment } from "@withings-kit/client";
import { hashSeed } from "../random/hash-seed.js";
import { SeededRandom } from "../random/seeded-random.js";
import { activityId } from "../records/activity-id.js";
import type { DayBatch } from "../records/day-batch.js";
import type { DetailSource } from "../records/detail-source.js";
import type { TableEntry } from "../records/record-table.js";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredSleepSummary,
} from "../records/stored-records.js";
import type { UserRecords } from "../records/user-records.js";
import { type DayPlan, dayPlan } from "./day-plan.js";
import { DEVICE_MODELS } from "./device-models.js";
import { ecgSignal } from "./ecg-signal.js";
import { type IntradayTracker, intradaySamples } from "./intraday-samples.js";
import { sleepSegments } from "./sleep-segments.js";
import { generateSyntheticDay } from "./synthetic-day.js";
import type { SyntheticPerson } from "./synthetic-person.js";

const DAY = 86_400;
// Battery cycles in days per model: the watch needs charging monthly, the rest run for months.
const BATTERY_DAYS: Readonly<Record<number, number>> = { 10: 400, 44: 200, 70: 300, 93: 28 };
const CACHE_SIZE = 4;

/**
 * The {@link DetailSource} of a synthetic user: generates days on demand from the person's
 * seed, and derives intraday samples (from the hours the watch was worn, adding up to the
 * stored tracker records), sleep detail (from the stored summaries, naps included) and ECG
 * signals each time they are asked for (a tiny cache serves the repeated requests of one
 * sync window, nothing more is kept).
 *
 * @example
 * ```ts
 * const source = new SyntheticSource(person);
 * const week = source.generateDays(person.firstDay, person.firstDay + 6);
 * ```
 */
export class SyntheticSource implements DetailSource {
  readonly sleepModel: number | undefined;
  readonly #person: SyntheticPerson;
  // Devices as generated; getdevice derives their battery and last session from `now`
  // until an edit replaces them.
  readonly #devices = new Map<string, StoredDevice>();
  // Per day: the tracker record the samples were derived from (null: none), and the samples.
  readonly #intraday = new Map<
    number,
    { readonly rec: StoredActivity | null; readonly samples: [number, IntradaySample][] }
  >();
  readonly #nights = new Map<
    StoredSleepSummary,
    { readonly fields: string; readonly segments: SleepSegment[] }
  >();

  constructor(person: SyntheticPerson) {
    this.#person = person;
    this.sleepModel = person.watch === undefined ? undefined : 16;
  }

  /** Registers a generated device, whose battery and last session then follow `now`. */
  trackDevice(device: StoredDevice): void {
    this.#devices.set(device.deviceid, device);
  }

  generateDays(from: number, to: number): DayBatch {
    const p = this.#person;
    const all: DayBatch = { measures: [], activity: [], workouts: [], sleep: [], ecg: [] };
    if (p.profile === "empty") return all;
    for (let day = Math.max(from, p.firstDay); day <= to; day++) generateSyntheticDay(p, day, all);
    // Days in different zones can interleave their records' instants (a watch reading on the
    // first morning 11 h east precedes the last evening's at home): restore the order then.
    sortIfNeeded(all.measures);
    sortIfNeeded(all.activity);
    sortIfNeeded(all.workouts);
    sortIfNeeded(all.sleep);
    sortIfNeeded(all.ecg);
    return all;
  }

  /**
   * The window of local day `day` in its own zone: [start, end), where `end` is the next
   * day's start. Windows tile time (a trip's days are shorter or longer than 24 h); the day's
   * intraday samples lie in its window, and a notification about the day's activity covers
   * it.
   */
  dayWindow(day: number): { readonly start: number; readonly end: number } {
    const plan = dayPlan(this.#person, day);
    return { start: plan.start, end: plan.end };
  }

  intraday(
    store: UserRecords,
    start: number,
    end: number,
    now: number,
  ): [number, IntradaySample][] {
    const p = this.#person;
    const cal = store.calendar;
    const out: [number, IntradaySample][] = [];
    // A day's window lies within 12 h of its home-zone day: look one day further each way.
    const last = cal.dayOf(end) + 1;
    for (let day = Math.max(cal.dayOf(start) - 1, p.firstDay); day <= last; day++) {
      const plan = dayPlan(p, day);
      if (plan.end <= start || plan.start > end) continue;
      for (const sample of this.#dayIntraday(store, plan, now)) {
        if (sample[0] >= start && sample[0] <= end) out.push(sample);
      }
    }
    return out;
  }

  sleepSegments(
    store: UserRecords,
    start: number,
    end: number,
    now: number,
    fields: ReadonlySet<string>,
  ): SleepSegment[] {
    const table = store.sleep;
    const out: SleepSegment[] = [];
    // Nights are sorted by startdate and last less than a day: start looking a day early.
    const to = table.endAtOrBefore(end);
    for (let i = table.firstAtOrAfter(start - DAY); i < to; i++) {
      const entry = table.entries[i]!;
      if (entry.created > now || entry.rec.enddate < start) continue;
      for (const segment of this.#night(entry.rec, fields)) {
        if (segment.startdate >= start && segment.startdate <= end) out.push(segment);
      }
    }
    return out;
  }

  signal(_store: UserRecords, entry: TableEntry<StoredEcg>): HeartSignalBody {
    const rec = entry.rec;
    const rng = new SeededRandom(hashSeed(this.#person.key, "ecg", rec.ecg.signalid));
    return ecgSignal(rng, {
      model: rec.model ?? DEVICE_MODELS.scanWatch.modelId,
      heartRate: rec.heart_rate ?? 70,
      afib: rec.ecg.afib ?? 0,
    });
  }

  device(store: UserRecords, entry: TableEntry<StoredDevice>, now: number): StoredDevice {
    const rec = entry.rec;
    if (this.#devices.get(rec.deviceid) !== rec) return rec;
    const period = BATTERY_DAYS[rec.model_id ?? 0] ?? 180;
    const phase = hashSeed(this.#person.key, rec.deviceid) % period;
    const level = 1 - ((Math.floor(now / DAY) + phase) % period) / period;
    const battery = level > 0.75 ? "high" : level > 0.3 ? "medium" : "low";
    return { ...rec, battery, last_session_date: lastSession(store, rec, now) };
  }

  // The samples of one day visible at `now`. They come from the watch being worn, not from
  // the activity records: a day with a tracker record gets steps adding up to it (and heart
  // rate while worn) once that record is visible; a day without one (the watch worn only at
  // night, an external step count beside) gets the heart rate of the hours worn once the
  // watch has uploaded. Deleting a tracker day deletes its samples with it.
  #dayIntraday(store: UserRecords, plan: DayPlan, now: number): [number, IntradaySample][] {
    const tracker = this.#trackerEntry(store, plan);
    if (tracker === undefined && (plan.dayWorn || plan.uploaded > now)) return [];
    if (tracker !== undefined && tracker.created > now) return [];
    const rec = tracker?.rec ?? null;
    const cached = this.#intraday.get(plan.day);
    if (cached !== undefined && cached.rec === rec) return cached.samples;
    const p = this.#person;
    const watch = p.watch;
    const identity: IntradayTracker =
      watch !== undefined && (rec === null || rec.modelid === watch.model.modelId)
        ? { model: watch.model.name, modelId: watch.model.modelId, deviceid: watch.deviceid }
        : { model: rec?.model ?? "", modelId: rec?.modelid ?? 0, deviceid: rec?.deviceid ?? null };
    const day = plan.day;
    const samples = intradaySamples(
      p.rng(day, "intraday"),
      { stride: p.stride, hrAt: (hour) => p.circadianHr(day, hour) },
      identity,
      // A tracker record on a day planned without the watch (an added one) was worn all day.
      rec === null || plan.dayWorn ? plan : { ...plan, dayWorn: true },
      rec ?? undefined,
    );
    this.#intraday.delete(day);
    remember(this.#intraday, day, { rec, samples });
    return samples;
  }

  // The tracker record of a day: the watch's own, or one added through apply().
  #trackerEntry(store: UserRecords, plan: DayPlan): TableEntry<StoredActivity> | undefined {
    const watch = this.#person.watch;
    if (watch !== undefined) {
      const own = store.activity.get(
        activityId({ date: plan.ymd, brand: 1, modelid: watch.model.modelId }),
      );
      if (own !== undefined && own.rec.is_tracker === true) return own;
    }
    const table = store.activity;
    const to = table.endAtOrBefore(plan.day);
    for (let i = table.firstAtOrAfter(plan.day); i < to; i++) {
      const entry = table.entries[i]!;
      if (entry.rec.is_tracker === true && entry.day === plan.day) return entry;
    }
    return undefined;
  }

  #night(rec: StoredSleepSummary, fields: ReadonlySet<string>): SleepSegment[] {
    const key = [...fields].sort().join(",");
    const cached = this.#nights.get(rec);
    if (cached !== undefined && cached.fields === key) return cached.segments;
    const watch = this.#person.watch;
    const device =
      watch !== undefined && rec.model_id === watch.model.modelId
        ? { model: watch.model.name, modelId: watch.model.modelId }
        : { model: "", modelId: rec.model_id ?? 0 };
    const rng = new SeededRandom(hashSeed(this.#person.key, "sleep-detail", rec.id));
    const segments = sleepSegments(rng, rec, device, fields);
    this.#nights.delete(rec);
    remember(this.#nights, rec, { fields: key, segments });
    return segments;
  }
}

// The device's last connection: the latest upload among its newest measure groups.
function lastSession(store: UserRecords, device: StoredDevice, now: number): number | null {
  const entries = store.measures.entries;
  let latest: number | null = null;
  let matches = 0;
  for (let i = entries.length - 1; i >= 0 && matches < 30 && entries.length - i < 5000; i--) {
    const e = entries[i]!;
    if (e.rec.deviceid !== device.deviceid || e.created > now) continue;
    matches++;
    if (latest === null || e.created > latest) latest = e.created;
  }
  return latest ?? device.last_session_date ?? null;
}

// Sorts a batch by (sort, tie) unless it already is (one linear pass: nearly always so).
function sortIfNeeded<R>(list: TableEntry<R>[]): void {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!;
    const b = list[i]!;
    if (a.sort > b.sort || (a.sort === b.sort && a.tie > b.tie)) {
      list.sort((x, y) => x.sort - y.sort || x.tie - y.tie);
      return;
    }
  }
}

// A small bounded cache: the oldest entry goes when it is full.
function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(key, value);
}
