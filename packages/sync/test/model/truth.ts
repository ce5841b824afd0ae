// The cloud's truth, as rows: what the invariants compare the database with. Two shapes:
// - `truthRows`: every row a complete sync of a user must hold at `now`, built like the
//   end-to-end helper `expectedRows` (same zone rules, same decoders) but reading intraday
//   samples and sleep segments in one call each instead of one call per day, so that the
//   harness can afford to take it before every request that could see a new state;
// - `listRecords`: the records of each list dataset, one entry per record with its rows,
//   for the per-record check of a run.
// The end of every case compares `truthRows` with `expectedRows` itself, so a drift between
// the two is a harness failure, never a silent gap.
import {
  type EndpointResults,
  type IntradaySample,
  type SleepSegment,
  toRows,
} from "@withings-kit/client";
import { endpoints } from "@withings-kit/client/internal";
import { decoders } from "@withings-kit/client/testing";
import type { SandboxSnapshot, SandboxUserData } from "@withings-kit/sandbox";
import { recordKeyOf, type SyncDataset } from "@withings-kit/sync";
import {
  labellingDays,
  labellingNights,
  type RowSink,
  type RowSource,
  zoneAt,
} from "../engine/helpers/row-sets.js";

const DAY = 86_400;

/** The list datasets: those the run check compares record by record. */
export const LIST_DATASETS = [
  "measures",
  "objectives",
  "activity",
  "workouts",
  "sleep_summaries",
  "ecg",
] as const satisfies readonly SyncDataset[];

/** One of {@link LIST_DATASETS}. */
export type ListDataset = (typeof LIST_DATASETS)[number];

/** A row's identity in sets of rows: its dataset and its JSON. */
export function rowId(dataset: SyncDataset, row: object): string {
  return `${dataset}\u0000${JSON.stringify(row)}`;
}

/** One record of a list dataset as the cloud answers it: its JSON and its rows' JSON. */
export interface TruthRecord {
  /** The record as the API answers it (what "did not change" compares). */
  readonly json: string;
  /** Its rows, each as JSON, sorted. */
  readonly rows: readonly string[];
}

/** Per list dataset, the records by record key. */
export type ListTruth = ReadonlyMap<ListDataset, ReadonlyMap<string, TruthRecord>>;

/**
 * The records of every list dataset in a snapshot, by record key, each with its rows as
 * `toRows` makes them from that record alone (a record's rows never depend on another's).
 */
export function listRecords(snap: SandboxSnapshot): ListTruth {
  const out = new Map<ListDataset, Map<string, TruthRecord>>();
  for (const d of LIST_DATASETS) out.set(d, new Map());
  const add = (dataset: ListDataset, record: unknown, rows: readonly object[]) => {
    const first = rows[0];
    if (first === undefined) return;
    const key = recordKeyOf(dataset, first as never);
    if (key === undefined) return;
    out.get(dataset)!.set(key, {
      json: JSON.stringify(record),
      rows: rows.map((r) => JSON.stringify(r)).sort(),
    });
  };
  const timezone = snap.timezone;
  for (const g of snap.measures) {
    const rows = toRows("measures", {
      measuregrps: [g],
      timezone,
      updatetime: 0,
      more: 0,
      offset: 0,
    });
    add(g.category === 2 ? "objectives" : "measures", g, rows);
  }
  for (const a of snap.activity) add("activity", a, toRows("activity", { activities: [a] }));
  for (const w of snap.workouts) add("workouts", w, toRows("workouts", { series: [w] }));
  for (const s of snap.sleep) add("sleep_summaries", s, toRows("sleep_summaries", { series: [s] }));
  for (const r of snap.ecg) add("ecg", r, toRows("ecg", { series: [r] }, { timezone }));
  return out;
}

/**
 * Every row a complete sync of the user must hold at `now`: the rows of `expectedRows`
 * (see that helper for the zone rules), with detail read over the whole history at once.
 *
 * Two widenings, both off by default (then the rows are exactly `expectedRows`'):
 * - `aheadDays` reads detail that many days past the day window holding `now`: the cloud
 *   answers samples of days still to come (a tracker record dated tomorrow), which
 *   `expectedRows` leaves out but an engine may store;
 * - `trackerSpan` starts the detail span at a tracker's first session too when it is the
 *   earliest: `expectedRows` starts at the first activity day or night only, though the
 *   cloud holds the samples of a tracker worn before (and the engine fetches them);
 * - `windows` adds the samples of these windows (epoch seconds, `[start, end)`) where they
 *   lie outside the span: the windows an engine keeps must match the cloud whole, though
 *   the span of `expectedRows` moves with the activity records (a deleted first day).
 */
export function truthRows(
  data: SandboxUserData,
  now: number,
  options: {
    readonly aheadDays?: number;
    readonly trackerSpan?: boolean;
    readonly windows?: readonly { readonly start: number; readonly end: number }[];
    /** `false` leaves detail out (intraday, sleep, ECG signals). @default true */
    readonly detail?: boolean;
  } = {},
): RowSource {
  const aheadDays = options.aheadDays ?? 0;
  const detail = options.detail ?? true;
  return async (sink: RowSink, only?: SyncDataset) => {
    const want = (d: SyncDataset) =>
      (only === undefined || only === d) &&
      (detail || (d !== "intraday" && d !== "sleep" && d !== "ecg_signal"));
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
      for (const row of rows) {
        const d = row.category === 2 ? "objectives" : "measures";
        if (want(d)) sink(d, row);
      }
    }
    if (want("devices"))
      for (const r of toRows("devices", { devices: snap.devices })) sink("devices", r);
    if (want("goals"))
      for (const r of toRows("goals", { goals: snap.goals ?? {} })) sink("goals", r);
    if (want("activity"))
      for (const r of toRows("activity", { activities: snap.activity })) sink("activity", r);
    if (want("workouts"))
      for (const r of toRows("workouts", { series: snap.workouts })) sink("workouts", r);
    if (want("sleep_summaries"))
      for (const r of toRows("sleep_summaries", { series: snap.sleep })) sink("sleep_summaries", r);
    if (want("ecg"))
      for (const r of toRows("ecg", { series: snap.ecg }, { timezone })) sink("ecg", r);
    if (want("intraday") || want("sleep")) {
      // The span `expectedRows` asks, day window by day window: from two days before the
      // first activity day or night to the end of the window holding `now`.
      let first = now;
      for (const a of snap.activity)
        first = Math.min(first, Date.parse(`${a.date}T00:00:00Z`) / 1000);
      for (const s of snap.sleep) first = Math.min(first, s.startdate);
      if (options.trackerSpan === true) {
        for (const d of snap.devices) {
          if (d.type === "Activity Tracker" && typeof d.first_session_date === "number") {
            first = Math.min(first, d.first_session_date);
          }
        }
      }
      first -= 2 * DAY;
      const last = first + (Math.floor((now - first) / DAY) + 1 + aheadDays) * DAY - 1;
      if (want("intraday")) {
        intradayRows(data, snap, first, last, now, sink, options.windows ?? []);
      }
      if (want("sleep")) sleepRows(data, snap, first, last, now, sink);
    }
    if (want("ecg_signal")) {
      for (const recording of snap.ecg) {
        const signalid = recording.ecg.signalid;
        const body = decoders["heart.get"](
          data.answer("heart.get", new URLSearchParams({ signalid: String(signalid) }), now),
        );
        for (const row of toRows("ecg_signal", body)) sink("ecg_signal", { signalid, ...row });
      }
    }
  };
}

// The identity fields an intraday answer keeps beside the asked ones.
const IDENTITY = new Set(["model", "model_id", "deviceid"]);

function intradayRows(
  data: SandboxUserData,
  snap: SandboxSnapshot,
  from: number,
  to: number,
  now: number,
  sink: RowSink,
  windows: readonly { readonly start: number; readonly end: number }[],
): void {
  const wanted = new Set<string>(endpoints["measure.getintradayactivity"].dataFields);
  const days = labellingDays(snap.activity, snap.timezone);
  const samples = data.intradaySamples(from, to, now);
  // The samples of the extra windows that lie outside [from, to] (each second once).
  const extra = new Map<number, (typeof samples)[number]>();
  for (const w of windows) {
    for (const entry of data.intradaySamples(w.start, w.end - 1, now)) {
      if (entry[0] < from || entry[0] > to) extra.set(entry[0], entry);
    }
  }
  const byZone = new Map<string, Record<string, unknown>>();
  for (const [time, sample] of [...samples, ...extra.values()]) {
    // What intraday get answers with every data field asked: a sample with none of them
    // is left out (see the sandbox's answerIntraday).
    const kept: Record<string, unknown> = {};
    let hits = 0;
    for (const [name, value] of Object.entries(sample)) {
      if (wanted.has(name)) {
        kept[name] = value;
        hits++;
      } else if (IDENTITY.has(name)) kept[name] = value;
    }
    if (hits === 0) continue;
    const zone = zoneAt(days, time) ?? snap.timezone;
    const part = byZone.get(zone) ?? {};
    part[String(time)] = kept;
    byZone.set(zone, part);
  }
  for (const [zone, series] of byZone) {
    const body: EndpointResults["measure.getintradayactivity"] = decoders[
      "measure.getintradayactivity"
    ]({ series });
    for (const r of toRows(
      "intraday",
      { series: body.series as Record<string, IntradaySample> },
      {
        timezone: zone,
      },
    ))
      sink("intraday", r);
  }
}

function sleepRows(
  data: SandboxUserData,
  snap: SandboxSnapshot,
  from: number,
  to: number,
  now: number,
  sink: RowSink,
): void {
  const fields = new Set<string>(endpoints["sleep.get"].dataFields);
  // The model sleep get answers beside its series (the same for every window).
  const probe = decoders["sleep.get"](
    data.answer(
      "sleep.get",
      new URLSearchParams({ startdate: String(from), enddate: String(from + 1) }),
      now,
    ),
  );
  const kept = data.sleepSegments(from, to, now).map((segment) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(segment)) {
      const isSeries = typeof value === "object" && value !== null;
      if (!isSeries || fields.has(name)) out[name] = value;
    }
    return out;
  });
  const body = decoders["sleep.get"](
    probe.model === undefined ? { series: kept } : { series: kept, model: probe.model },
  );
  const nights = labellingNights(snap.sleep, snap.timezone);
  for (const segment of body.series as SleepSegment[]) {
    const zone = zoneAt(nights, segment.startdate) ?? snap.timezone;
    const one =
      body.model === undefined ? { series: [segment] } : { series: [segment], model: body.model };
    for (const r of toRows("sleep", one, { timezone: zone })) sink("sleep", r);
  }
}

// The fields of a detail row that its zone decides (its local time and the zone itself).
const ZONED = new Set(["localDate", "localTime", "offsetMinutes", "timezone"]);

/**
 * The identity of a detail row (intraday, sleep) whatever the zone it was labelled with, or
 * `undefined` for other datasets.
 */
export function unzonedId(dataset: SyncDataset, row: object): string | undefined {
  if (dataset !== "intraday" && dataset !== "sleep") return undefined;
  const rest = Object.entries(row).filter(([k]) => !ZONED.has(k));
  return `${dataset}\u0000${JSON.stringify(rest)}`;
}

/** Collects a row source into one set of {@link rowId}s. */
export async function rowIds(
  source: RowSource,
  into: Set<string> = new Set(),
  unzoned?: Set<string>,
): Promise<Set<string>> {
  await source((dataset, row) => {
    into.add(rowId(dataset, row));
    const id = unzoned === undefined ? undefined : unzonedId(dataset, row);
    if (id !== undefined) unzoned?.add(id);
  });
  return into;
}
