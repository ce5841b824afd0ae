import {
  type EndpointKey,
  type EndpointResults,
  type SleepSegment,
  toRows,
} from "@withings-kit/client";
import { endpoints } from "@withings-kit/client/internal";
import { decoders } from "@withings-kit/client/testing";
import type { Store, SyncDataset } from "@withings-kit/sync";
import { type StoredRow, SYNC_DATASETS } from "@withings-kit/sync";
import { type DataVolume, DataVolumeTally, localDayWindow } from "@withings-kit/sync/testing";
import type { SandboxUserData } from "../../../../sandbox/src/data/index.js";

/** Receives every row of a user, per dataset. */
export type RowSink = (dataset: SyncDataset, row: object) => void;

/** A source of every row of a user (the cloud's expectation or the store's content). */
export type RowSource = (sink: RowSink, only?: SyncDataset) => Promise<void>;

const DAY = 86_400;

function answer<K extends EndpointKey>(
  data: SandboxUserData,
  key: K & Parameters<SandboxUserData["answer"]>[0],
  params: Record<string, string | number | readonly string[]>,
  now: number,
): EndpointResults[K] {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    form.set(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  // Through the client's own decoder, as a synced answer goes.
  const decode = decoders[key] as (body: unknown) => EndpointResults[K];
  return decode(data.answer(key, form, now));
}

/**
 * What a complete sync of this user at `now` must store: the data layer's snapshot of every
 * record (with every field), through `toRows`; intraday samples and sleep detail asked for
 * in consecutive 24 h windows over the whole history (so the expectation does not depend on
 * which days the engine thinks have data); one signal per recording.
 */
export function expectedRows(data: SandboxUserData, now: number): RowSource {
  return async (sink, only) => {
    const want = (d: SyncDataset) => only === undefined || only === d;
    const snap = data.snapshot(now);
    const timezone = snap.timezone;
    if (want("measures") || want("objectives")) {
      const rows = toRows("measures", {
        measuregrps: snap.measures,
        timezone,
        updatetime: now,
        more: 0,
        offset: 0,
      });
      // Every row as the API sent it: a group can repeat a (type, position) (a Body Scan
      // sends type 5 at position 7 twice, quirk Q10), and both are kept.
      for (const row of rows) sink(row.category === 2 ? "objectives" : "measures", row);
    }
    if (want("devices"))
      for (const r of toRows("devices", { devices: snap.devices })) sink("devices", r);
    if (want("goals"))
      for (const r of toRows("goals", { goals: snap.goals ?? {} })) sink("goals", r);
    if (want("activity")) {
      for (const r of toRows("activity", { activities: snap.activity })) sink("activity", r);
    }
    if (want("workouts"))
      for (const r of toRows("workouts", { series: snap.workouts })) sink("workouts", r);
    if (want("sleep_summaries")) {
      for (const r of toRows("sleep_summaries", { series: snap.sleep })) sink("sleep_summaries", r);
    }
    // Recordings carry no zone: their local times are in the user's.
    if (want("ecg"))
      for (const r of toRows("ecg", { series: snap.ecg }, { timezone })) sink("ecg", r);
    if (want("intraday") || want("sleep")) {
      const activityDays = labellingDays(snap.activity, timezone);
      let first = now;
      for (const a of snap.activity)
        first = Math.min(first, Date.parse(`${a.date}T00:00:00Z`) / 1000);
      for (const s of snap.sleep) first = Math.min(first, s.startdate);
      first -= 2 * DAY;
      const segments: SleepSegment[] = [];
      let model: number | null | undefined;
      for (let t = first; t <= now; t += DAY) {
        const window = { startdate: t, enddate: t + DAY - 1 };
        if (want("intraday")) {
          const day = answer(
            data,
            "measure.getintradayactivity",
            {
              ...window,
              data_fields: endpoints["measure.getintradayactivity"].dataFields,
            },
            now,
          );
          // A sample is in the zone of the activity day it falls in (the latest-starting
          // one when two meet), else the user's.
          const byZone = new Map<string, Record<string, (typeof day.series)[string]>>();
          for (const [time, sample] of Object.entries(day.series)) {
            const zone = zoneAt(activityDays, Number(time)) ?? timezone;
            const part = byZone.get(zone) ?? {};
            part[time] = sample;
            byZone.set(zone, part);
          }
          for (const [zone, series] of byZone)
            for (const r of toRows("intraday", { series }, { timezone: zone })) sink("intraday", r);
        }
        if (want("sleep")) {
          const night = answer(
            data,
            "sleep.get",
            { ...window, data_fields: endpoints["sleep.get"].dataFields },
            now,
          );
          model ??= night.model;
          segments.push(...night.series);
        }
      }
      if (want("sleep")) {
        // A segment is in the zone of the night or nap it starts in (the latest-starting one).
        const nights = labellingNights(snap.sleep, timezone);
        for (const segment of segments) {
          const zone = zoneAt(nights, segment.startdate) ?? timezone;
          const body = model === undefined ? { series: [segment] } : { series: [segment], model };
          for (const r of toRows("sleep", body, { timezone: zone })) sink("sleep", r);
        }
      }
    }
    if (want("ecg_signal")) {
      for (const recording of snap.ecg) {
        const signalid = recording.ecg.signalid;
        const body = answer(data, "heart.get", { signalid }, now);
        for (const row of toRows("ecg_signal", body)) sink("ecg_signal", { signalid, ...row });
      }
    }
  };
}

// Whether `zone` is an IANA zone this runtime knows.
function knownZone(zone: string | null | undefined): zone is string {
  if (typeof zone !== "string" || zone === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The activity days detail rows are labelled by (docs/sync-guarantees.md): those of
 * Withings sources (an external app's count is a phone's, not the tracker's), each in its
 * own zone, or the user's when it has none that is known.
 */
export function labellingDays(
  activity: readonly { date: string; timezone?: string | null; brand?: number | null }[],
  userZone: string,
): { start: number; end: number; timezone: string }[] {
  return activity.flatMap((a) => {
    if (a.brand === 18) return [];
    const zone = knownZone(a.timezone) ? a.timezone : userZone;
    try {
      return [{ ...localDayWindow(a.date, zone), timezone: zone }];
    } catch {
      return [];
    }
  });
}

/** The nights and naps sleep segments are labelled by, as {@link labellingDays}. */
export function labellingNights(
  sleep: readonly { startdate: number; enddate: number; timezone?: string | null }[],
  userZone: string,
): { start: number; end: number; timezone: string }[] {
  return sleep.map((s) => ({
    start: s.startdate,
    end: s.enddate + 1,
    timezone: knownZone(s.timezone) ? s.timezone : userZone,
  }));
}

/**
 * The zone of the latest-starting window holding `t`, the rule detail rows are labelled by
 * (docs/sync-guarantees.md).
 */
export function zoneAt(
  windows: readonly { start: number; end: number; timezone: string }[],
  t: number,
): string | undefined {
  let best: { start: number; timezone: string } | undefined;
  for (const w of windows) {
    if (t < w.start || t >= w.end) continue;
    // Same start (two records of one date): the smallest zone name, whatever the order.
    if (
      best === undefined ||
      w.start > best.start ||
      (w.start === best.start && w.timezone < best.timezone)
    ) {
      best = w;
    }
  }
  return best?.timezone;
}

/** Every stored row of a user, per dataset. */
export function storedRows(store: Store, userId: string): RowSource {
  return async (sink, only) => {
    for (const dataset of SYNC_DATASETS) {
      if (only !== undefined && only !== dataset) continue;
      for await (const row of store.rows({ dataset, userId })) sink(dataset, row);
    }
  };
}

interface Print {
  count: number;
  a: number;
  b: number;
}

// Two 32-bit FNV-1a variants of a row's JSON, summed: equal multisets of rows give equal
// prints whatever their order, without sorting or holding a million strings.
function printOf(source: RowSource): Promise<Map<SyncDataset, Print>> {
  const prints = new Map<SyncDataset, Print>();
  for (const d of SYNC_DATASETS) prints.set(d, { count: 0, a: 0, b: 0 });
  return source((dataset, row) => {
    const text = JSON.stringify(row);
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    const p = prints.get(dataset)!;
    p.count++;
    p.a = (p.a + (a >>> 0)) >>> 0;
    p.b = (p.b + (b >>> 0)) >>> 0;
  }).then(() => prints);
}

async function linesOf(source: RowSource, dataset: SyncDataset): Promise<string[]> {
  const lines: string[] = [];
  await source((d, row) => {
    if (d === dataset) lines.push(JSON.stringify(row));
  }, dataset);
  return lines.sort();
}

/**
 * How the rows of `actual` differ from `expected`, per dataset (empty when equal): counts,
 * and the first rows only one side has.
 */
export async function diffRows(
  actual: RowSource,
  expected: RowSource,
  observeExpected?: RowSink,
): Promise<string[]> {
  const pa = await printOf(actual);
  const pe = await printOf(
    observeExpected === undefined
      ? expected
      : (sink, only) =>
          expected((dataset, row) => {
            observeExpected(dataset, row);
            sink(dataset, row);
          }, only),
  );
  const problems: string[] = [];
  for (const dataset of SYNC_DATASETS) {
    const x = pa.get(dataset)!;
    const y = pe.get(dataset)!;
    if (x.count === y.count && x.a === y.a && x.b === y.b) continue;
    const a = await linesOf(actual, dataset);
    const e = await linesOf(expected, dataset);
    const inA = new Set(a);
    const inE = new Set(e);
    const missing = e.filter((line) => !inA.has(line)).slice(0, 2);
    const extra = a.filter((line) => !inE.has(line)).slice(0, 2);
    problems.push(
      `${dataset}: stored ${a.length}, expected ${e.length}; missing ${JSON.stringify(missing).slice(0, 900)}; extra ${JSON.stringify(extra).slice(0, 900)}`,
    );
  }
  return problems;
}

/** Watches rows go by and tallies the data volume a full sync's minimum depends on. */
export function volumeCounter(): { sink: RowSink; volume(): DataVolume } {
  const tally = new DataVolumeTally();
  return {
    sink: (dataset, row) => tally.add(dataset, row as StoredRow),
    volume: () => tally.volume(),
  };
}
