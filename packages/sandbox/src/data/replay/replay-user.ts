import type { Goals, HeartSignalBody, IntradaySample, SleepSegment } from "@withings-kit/client";
import type { DataEndpointKey } from "../answers/data-endpoint-key.js";
import { hashSeed } from "../random/hash-seed.js";
import { activityId } from "../records/activity-id.js";
import type { DayBatch } from "../records/day-batch.js";
import { deepFreeze } from "../records/deep-freeze.js";
import type { TableEntry } from "../records/record-table.js";
import type { StoredDevice } from "../records/stored-records.js";
import { TimeZoneCalendar } from "../records/time-zone-calendar.js";
import { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { SandboxUserData } from "../user/sandbox-user-data.js";
import { UserData } from "../user/user-data.js";
import { ReplaySource } from "./replay-source.js";

/**
 * One recorded answer to load: the action it answers and its text, which may be a full
 * envelope (`{"status": 0, "body": {...}}`), a bare body, or a bare list (the body's
 * `measuregrps`, `activities`, `series` or `devices`).
 *
 * @example
 * ```ts
 * const file: ReplayFile = { key: "measure.getmeas", text: await readFile("getmeas.json", "utf8") };
 * ```
 */
export interface ReplayFile {
  readonly key: DataEndpointKey;
  readonly text: string;
}

/**
 * Options of {@link replayUser}.
 *
 * @example
 * ```ts
 * const options: ReplayUserOptions = { userId: "42", files: [file], now: 1777705259 };
 * ```
 */
export interface ReplayUserOptions {
  readonly userId: string;
  readonly files: readonly ReplayFile[];
  /** The simulated instant of loading; records with no time of their own (devices, goals) exist from then on. */
  readonly now: number;
}

// A JSON object from a capture. The fields read by name are declared so they can be read
// with a dot; everything else stays reachable by index.
interface Json {
  readonly [key: string]: unknown;
  readonly status?: unknown;
  readonly body?: unknown;
  readonly timezone?: unknown;
  readonly goals?: unknown;
  readonly series?: unknown;
  readonly model?: unknown;
  readonly signal?: unknown;
  readonly signalid?: unknown;
  readonly grpid?: unknown;
  readonly id?: unknown;
  readonly date?: unknown;
  readonly created?: unknown;
  readonly modified?: unknown;
  readonly startdate?: unknown;
  readonly enddate?: unknown;
  readonly timestamp?: unknown;
  readonly measures?: unknown;
  readonly ecg?: unknown;
  readonly deviceid?: unknown;
}

/**
 * Creates a user whose data is a set of recorded answers, served back through the same
 * query paths as synthetic users: paging, sort orders, `lastupdate`, date ranges, 24 h
 * windows and `data_fields` all apply to the recorded records.
 *
 * Records keep their recorded shape exactly. What the recording lacks is derived: `created`
 * falls back to `modified` or the record's own date (a record is invisible before it),
 * `modified` to `created`. Records repeated verbatim across files are loaded once; records
 * that share an id but differ (aiowithings' measurement.json has one grpid with attrib 0 and
 * 8) are both kept. `heart.get` answers attach to the recording named by a `signalid` field
 * if they have one, otherwise to the heart-list recordings in order; recordings left without
 * a signal get a generated one. The time zone is the first getmeas `timezone`, else the
 * first record's, else UTC.
 *
 * @example
 * ```ts
 * const user = replayUser({ userId: "42", now, files: [{ key: "sleep.getsummary", text }] });
 * user.answer("sleep.getsummary", new URLSearchParams({ lastupdate: "0" }), now);
 * ```
 */
export function replayUser(options: ReplayUserOptions): SandboxUserData {
  const { userId, files, now } = options;
  if (!Number.isFinite(now)) throw new SandboxParamError("now must be epoch seconds");
  const parsed = files.map((file, index) => ({ key: file.key, body: bodyOf(file, index), index }));
  const calendar = new TimeZoneCalendar(findTimezone(parsed.map((p) => p.body)) ?? "UTC");
  const segments: SleepSegment[] = [];
  const intraday: [number, IntradaySample][] = [];
  const signalBodies: Json[] = [];
  const recordingOrder: number[] = [];
  let sleepModel: number | undefined;
  let goals: Goals | null = null;
  const loaders: Loader[] = [];
  for (const { key, body, index } of parsed) {
    const where = `file ${index} (${key})`;
    switch (key) {
      case "measure.getmeas":
        loaders.push(...listOf(body, "measuregrps", where).map((r) => measureLoader(r, where)));
        break;
      case "measure.getactivity":
        loaders.push(...listOf(body, "activities", where).map((r) => activityLoader(r, where)));
        break;
      case "measure.getworkouts":
        loaders.push(...listOf(body, "series", where).map((r) => workoutLoader(r, where)));
        break;
      case "sleep.getsummary":
        loaders.push(...listOf(body, "series", where).map((r) => sleepLoader(r, where)));
        break;
      case "heart.list":
        for (const r of listOf(body, "series", where)) {
          loaders.push(ecgLoader(r, where));
          recordingOrder.push((r.ecg as Json).signalid as number);
        }
        break;
      case "user.getdevice":
        loaders.push(...listOf(body, "devices", where).map((r) => deviceLoader(r, now)));
        break;
      case "heart.get":
        if (!isObject(body) || !Array.isArray(body.signal))
          throw new SandboxParamError(`${where}: no signal`);
        signalBodies.push(body);
        break;
      case "sleep.get": {
        for (const s of listOf(body, "series", where))
          segments.push(
            requireNumbers(s, ["startdate", "enddate"], where) as unknown as SleepSegment,
          );
        const model = isObject(body) ? body.model : undefined;
        if (sleepModel === undefined && typeof model === "number") sleepModel = model;
        break;
      }
      case "measure.getintradayactivity": {
        const series = isObject(body) ? body.series : undefined;
        if (isObject(series)) {
          for (const [time, sample] of Object.entries(series)) {
            if (!/^\d+$/.test(time) || !isObject(sample))
              throw new SandboxParamError(`${where}: series.${time} is not a sample`);
            intraday.push([Number(time), sample as IntradaySample]);
          }
        } else if (!Array.isArray(series)) throw new SandboxParamError(`${where}: no series`);
        break;
      }
      case "user.getgoals":
        goals = goalsOf(body);
        break;
      default:
        throw new SandboxParamError(`${where}: not a data action`);
    }
  }
  segments.sort((a, b) => a.startdate - b.startdate);
  intraday.sort((a, b) => a[0] - b[0]);
  // Signals attach to heart-list recordings once those are loaded; the source reads the map.
  const signals = new Map<number, HeartSignalBody>();
  const source = new ReplaySource({
    intraday: deepFreeze(intraday),
    segments: deepFreeze(segments),
    signals,
    sleepModel,
    seed: hashSeed(userId),
  });
  const store = new UserDataStore({ calendar, source, firstDay: 0, goals: deepFreeze(goals) });
  const seen = new Map<string, Set<string>>();
  const out: Pending = {
    measures: [],
    activity: [],
    workouts: [],
    sleep: [],
    ecg: [],
    devices: [],
  };
  for (const load of loaders) load(store, seen, out);
  // Captures come in any order: sort once and merge, rather than insert one by one.
  const order = <R>(list: TableEntry<R>[]) => list.sort((a, b) => a.sort - b.sort || a.tie - b.tie);
  store.measures.addBatch(order(out.measures));
  store.activity.addBatch(order(out.activity));
  store.workouts.addBatch(order(out.workouts));
  store.sleep.addBatch(order(out.sleep));
  store.ecg.addBatch(order(out.ecg));
  store.devices.addBatch(order(out.devices));
  attachSignals(recordingOrder, signalBodies, signals);
  return new UserData(store);
}

// Records of every dataset as loaded, before they are sorted into the store's tables.
type Pending = DayBatch & { readonly devices: TableEntry<StoredDevice>[] };
type Loader = (store: UserDataStore, seen: Map<string, Set<string>>, out: Pending) => void;

function measureLoader(r: Json, where: string): Loader {
  requireNumbers(r, ["grpid", "date"], where);
  if (!Array.isArray(r.measures))
    throw new SandboxParamError(`${where}: a measure group has no measures`);
  return (store, seen, out) => {
    if (duplicate(seen, "measures", r)) return;
    const date = r.date as number;
    const created = num(r.created) ?? num(r.modified) ?? date;
    const modified = Math.max(created, num(r.modified) ?? created);
    const grpid = r.grpid as number;
    out.measures.push({
      rec: deepFreeze(r) as never,
      id: grpid,
      sort: date,
      tie: grpid,
      day: store.calendar.dayOf(date),
      created,
      modified,
    });
  };
}

function activityLoader(r: Json, where: string): Loader {
  return (store, seen, out) => {
    const date = r.date;
    const day = typeof date === "string" ? store.calendar.dayFromYmd(date) : undefined;
    if (day === undefined)
      throw new SandboxParamError(`${where}: an activity has no YYYY-MM-DD date`);
    if (duplicate(seen, "activity", r)) return;
    const modified = num(r.modified) ?? store.calendar.midnight(day + 1);
    out.activity.push({
      rec: deepFreeze(r) as never,
      // A date can hold a record per source (reference §1.6).
      id: activityId({
        date: date as string,
        brand: typeof r["brand"] === "number" ? r["brand"] : null,
        modelid: typeof r["modelid"] === "number" ? r["modelid"] : null,
      }),
      sort: day,
      tie: store.nextTie(),
      day,
      created: modified,
      modified,
    });
  };
}

function workoutLoader(r: Json, where: string): Loader {
  requireNumbers(r, ["id", "startdate", "enddate"], where);
  return (store, seen, out) => {
    if (duplicate(seen, "workouts", r)) return;
    const id = r.id as number;
    const start = r.startdate as number;
    const date = typeof r.date === "string" ? store.calendar.dayFromYmd(r.date) : undefined;
    const modified = num(r.modified) ?? (r.enddate as number);
    out.workouts.push({
      rec: deepFreeze(r) as never,
      id,
      sort: start,
      tie: id,
      day: date ?? store.calendar.dayOf(start),
      created: Math.min(modified, r.enddate as number),
      modified,
    });
  };
}

function sleepLoader(r: Json, where: string): Loader {
  requireNumbers(r, ["id", "startdate", "enddate"], where);
  return (store, seen, out) => {
    if (duplicate(seen, "sleep", r)) return;
    const id = r.id as number;
    const end = r.enddate as number;
    const date = typeof r.date === "string" ? store.calendar.dayFromYmd(r.date) : undefined;
    const created = num(r.created) ?? num(r.modified) ?? end;
    const modified = Math.max(created, num(r.modified) ?? created);
    out.sleep.push({
      rec: deepFreeze(r) as never,
      id,
      sort: r.startdate as number,
      tie: id,
      day: date ?? store.calendar.dayOf(end),
      created,
      modified,
    });
  };
}

function ecgLoader(r: Json, where: string): Loader {
  requireNumbers(r, ["timestamp"], where);
  const ecg = r.ecg;
  if (!isObject(ecg) || typeof ecg.signalid !== "number")
    throw new SandboxParamError(`${where}: a recording has no ecg.signalid`);
  return (store, seen, out) => {
    if (duplicate(seen, "ecg", r)) return;
    const signalid = ecg.signalid as number;
    const timestamp = r.timestamp as number;
    const modified = Math.max(timestamp, num(r.modified) ?? timestamp);
    out.ecg.push({
      rec: deepFreeze(r) as never,
      id: signalid,
      sort: timestamp,
      tie: signalid,
      day: store.calendar.dayOf(timestamp),
      created: timestamp,
      modified,
    });
  };
}

function deviceLoader(r: Json, now: number): Loader {
  return (store, seen, out) => {
    if (duplicate(seen, "devices", r)) return;
    const tie = store.nextTie();
    const id = typeof r.deviceid === "string" ? r.deviceid : `device-${tie}`;
    out.devices.push({
      rec: deepFreeze(r) as never,
      id,
      sort: tie,
      tie,
      day: 0,
      created: now,
      modified: now,
    });
  };
}

// Signals without a `signalid` go to the recordings in the order the heart-list files
// listed them, skipping recordings that already have one.
function attachSignals(
  order: readonly number[],
  bodies: readonly Json[],
  signals: Map<number, HeartSignalBody>,
): void {
  const named = new Set<number>();
  for (const body of bodies) {
    const id = num(body.signalid);
    if (id !== undefined) named.add(id);
  }
  const waiting = order.filter((id) => !named.has(id));
  let next = 0;
  for (const body of bodies) {
    const id = num(body.signalid) ?? waiting[next++];
    if (id !== undefined && !signals.has(id))
      signals.set(id, deepFreeze(body) as unknown as HeartSignalBody);
  }
}

function bodyOf(file: ReplayFile, index: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch {
    throw new SandboxParamError(`file ${index} (${file.key}) is not JSON`);
  }
  if (isObject(value) && "status" in value && "body" in value) {
    if (value.status !== 0)
      throw new SandboxParamError(`file ${index} (${file.key}) is an error answer`);
    return value.body;
  }
  return value;
}

function listOf(body: unknown, key: string, where: string): Json[] {
  const list = Array.isArray(body) ? body : isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list)) throw new SandboxParamError(`${where}: no ${key} list`);
  for (const item of list)
    if (!isObject(item)) throw new SandboxParamError(`${where}: ${key} holds a non-object`);
  return list as Json[];
}

function goalsOf(body: unknown): Goals | null {
  const goals = isObject(body) && "goals" in body ? body.goals : body;
  if (Array.isArray(goals)) return null; // `"goals": []`: no goals
  if (!isObject(goals)) throw new SandboxParamError("user.getgoals: no goals object");
  return goals as Goals;
}

function findTimezone(bodies: readonly unknown[]): string | undefined {
  for (const body of bodies)
    if (isObject(body) && typeof body.timezone === "string") return body.timezone;
  for (const body of bodies) {
    const lists = Array.isArray(body)
      ? [body]
      : isObject(body)
        ? Object.values(body).filter(Array.isArray)
        : [];
    for (const list of lists) {
      for (const item of list as unknown[]) {
        if (isObject(item) && typeof item.timezone === "string") return item.timezone;
      }
    }
  }
  return undefined;
}

function duplicate(seen: Map<string, Set<string>>, dataset: string, record: Json): boolean {
  let set = seen.get(dataset);
  if (set === undefined) {
    set = new Set();
    seen.set(dataset, set);
  }
  const text = JSON.stringify(record);
  if (set.has(text)) return true;
  set.add(text);
  return false;
}

function requireNumbers(r: Json, names: readonly string[], where: string): Json {
  for (const name of names) {
    if (typeof r[name] !== "number")
      throw new SandboxParamError(`${where}: a record has no numeric ${name}`);
  }
  return r;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
