import type { Goals } from "@withings-kit/client";
import { appliForMeasureType } from "../notifications/appli-for-measure-type.js";
import type { NotificationHint } from "../notifications/notification-hint.js";
import { activityId } from "../records/activity-id.js";
import { deepFreeze } from "../records/deep-freeze.js";
import type { RecordTable, TableEntry } from "../records/record-table.js";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasure,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import { applyIntraday } from "./apply-intraday.js";
import type { DataChange } from "./data-change.js";
import type { JsonObject } from "./json-value.js";
import { RecordFields } from "./record-fields.js";

/**
 * Applies one {@link DataChange} to a user's tables at the simulated `now` and returns the
 * notifications it should trigger: one hint per `appli` touched (measures by their types,
 * activity, workouts and intraday samples 16, sleep 44, ECG 54; devices and goals have no
 * category and notify nothing). An edit or a delete covers both the old and the new dates.
 *
 * Records must be visible at `now` to be edited or deleted; the id of an add must be free,
 * which it is again once its record was deleted (ids are reused, ids above 2^31 work). An
 * activity record is addressed by `activityId(rec)` (`date|brand|modelid`), or by its bare
 * date when it is the only record of that date. With the cloud's `editsRewriteCreated`, an
 * edit also sets `created` to now.
 *
 * @example
 * ```ts
 * const hints = applyChange(store, { op: "edit", dataset: "measures", id: 4_000_123_400, record: { attrib: 0 } }, now);
 * ```
 */
export function applyChange(
  store: UserDataStore,
  change: DataChange,
  now: number,
): NotificationHint[] {
  switch (change.dataset) {
    case "measures":
      return keyed(store, change, now, {
        table: store.measures,
        idName: "grpid",
        build: buildMeasureGroup,
        hints: measureHints,
      });
    case "activity":
      return keyed(store, change, now, {
        table: store.activity,
        idName: "id",
        build: buildActivity,
        hints: (s, a) => [dayHint(s, 16, a.day, a.rec.timezone)],
        locate: (id) => findActivity(store, id, now),
        holder: (next) =>
          store.activityOn(next.day).find((e) => activityId(e.rec) === activityId(next.rec)),
        identity: (e) => activityId(e.rec),
      });
    case "workouts":
      return keyed(store, change, now, {
        table: store.workouts,
        idName: "id",
        build: buildWorkout,
        hints: (_, w) => [{ appli: 16, startdate: w.rec.startdate, enddate: w.rec.enddate }],
      });
    case "sleep":
      return keyed(store, change, now, {
        table: store.sleep,
        idName: "id",
        build: buildSleep,
        hints: (s, e) => [
          {
            appli: 44,
            startdate: e.rec.startdate,
            enddate: e.rec.enddate,
            date: s.calendar.ymd(e.day),
          },
        ],
      });
    case "ecg":
      return keyed(store, change, now, {
        table: store.ecg,
        idName: "signalid",
        build: buildEcg,
        hints: (_, e) => [{ appli: 54, startdate: e.sort, enddate: e.sort }],
      });
    case "devices":
      return keyed(store, change, now, {
        table: store.devices,
        idName: "deviceid",
        build: buildDevice,
        hints: () => [],
      });
    case "intraday":
      return applyIntraday(store, change, now);
    case "goals":
      applyGoals(store, change);
      return [];
    default:
      throw new SandboxParamError(
        `unknown dataset ${String((change as { dataset: unknown }).dataset)}`,
      );
  }
}

/** Builds the stored entry of a record from a change; `base` is the current record on edits. */
type Build<R> = (
  store: UserDataStore,
  fields: RecordFields,
  now: number,
  base: TableEntry<R> | undefined,
) => TableEntry<R>;
type Hints<R> = (store: UserDataStore, entry: TableEntry<R>) => NotificationHint[];

/** How the records of one keyed dataset are built, found and told apart. */
interface KeyedTable<R> {
  readonly table: RecordTable<R>;
  /** The name of the id in error messages and in the record (`grpid`, `signalid`…). */
  readonly idName: string;
  readonly build: Build<R>;
  readonly hints: Hints<R>;
  /** The visible record a change's id addresses (default: by the table's id). */
  readonly locate?: (id: number | string) => TableEntry<R>;
  /** The record that already holds the id of a new entry (default: by the table's id). */
  readonly holder?: (next: TableEntry<R>) => TableEntry<R> | undefined;
  /** The identity an edit must keep (default: the table's id). */
  readonly identity?: (entry: TableEntry<R>) => number | string;
}

function keyed<R>(
  store: UserDataStore,
  change: DataChange,
  now: number,
  spec: KeyedTable<R>,
): NotificationHint[] {
  const { table, idName, build, hints } = spec;
  const what = change.dataset;
  if (change.op === "add") {
    // Own a copy: stored records are frozen, and the caller's object must stay theirs.
    const entry = build(
      store,
      new RecordFields(structuredClone(change.record), what),
      now,
      undefined,
    );
    const holder = spec.holder === undefined ? table.get(entry.id) : spec.holder(entry);
    if (holder !== undefined) {
      throw new SandboxParamError(`${what}: ${idName} ${String(entry.id)} already exists`);
    }
    table.add(entry);
    store.markApplied(entry);
    return hints(store, entry);
  }
  const id = normaliseId(change.id, what, idName);
  let current: TableEntry<R> | undefined;
  if (spec.locate !== undefined) current = spec.locate(id);
  else {
    current = table.get(id);
    if (current === undefined || current.created > now)
      throw new SandboxParamError(`${what}: unknown ${idName} ${id}`);
  }
  if (change.op === "delete") {
    table.removeEntry(current);
    return hints(store, current);
  }
  // The id field cannot change: it is the record's identity for every later change.
  const ecg = change.record["ecg"];
  const given = idName === "signalid" && isObject(ecg) ? ecg["signalid"] : change.record[idName];
  if (spec.identity === undefined && given !== undefined && given !== current.id) {
    throw new SandboxParamError(`${what}: ${idName} cannot change`);
  }
  const merged = new RecordFields(
    { ...(current.rec as JsonObject), ...structuredClone(change.record) },
    what,
  );
  const next = build(store, merged, now, current);
  if (spec.identity !== undefined && spec.identity(next) !== spec.identity(current)) {
    throw new SandboxParamError(
      `${what}: date, brand and modelid make the record's id and cannot change (delete and add instead)`,
    );
  }
  table.replace(next, current);
  if (store.isApplied(current)) store.markApplied(next);
  return merge(hints(store, current), hints(store, next));
}

function normaliseId(
  id: number | string | undefined,
  what: string,
  idName: string,
): number | string {
  if (id === undefined) throw new SandboxParamError(`${what}: ${idName} is required`);
  // Control APIs pass ids through JSON or form fields: "4000123400" means 4000123400.
  if (typeof id === "string" && what !== "activity" && idName !== "deviceid" && /^\d+$/.test(id))
    return Number(id);
  return id;
}

/**
 * The visible activity record an id addresses: `activityId(rec)`, or a bare `YYYY-MM-DD`
 * date when exactly one record of that date is visible.
 */
function findActivity(
  store: UserDataStore,
  id: number | string,
  now: number,
): TableEntry<StoredActivity> {
  const text = String(id);
  const date = text.split("|")[0] ?? "";
  const day = store.calendar.dayFromYmd(date);
  const visible = day === undefined ? [] : store.activityOn(day).filter((e) => e.created <= now);
  if (text.includes("|")) {
    const found = visible.find((e) => activityId(e.rec) === text);
    if (found === undefined) throw new SandboxParamError(`activity: unknown id ${text}`);
    return found;
  }
  const [only, ...others] = visible;
  if (only === undefined) throw new SandboxParamError(`activity: unknown date ${text}`);
  if (others.length > 0) {
    const ids = visible.map((e) => activityId(e.rec)).join(", ");
    throw new SandboxParamError(
      `activity: ${text} has ${visible.length} records (${ids}); address one by its id`,
    );
  }
  return only;
}

/** The `created` stamp of a built record: now for a new one, or an edit that rewrites it. */
function createdStamp<R>(
  store: UserDataStore,
  base: TableEntry<R> | undefined,
  now: number,
): number {
  if (base === undefined || store.cloud.editsRewriteCreated) return now;
  const stamp = (base.rec as { readonly created?: unknown }).created;
  return typeof stamp === "number" ? stamp : base.created;
}

// One hint per appli, widened to cover every range reported for it.
function merge(...lists: NotificationHint[][]): NotificationHint[] {
  const byAppli = new Map<number, NotificationHint>();
  for (const hint of lists.flat()) {
    const seen = byAppli.get(hint.appli);
    if (seen === undefined) {
      byAppli.set(hint.appli, hint);
      continue;
    }
    const widened: NotificationHint = {
      appli: hint.appli,
      startdate: Math.min(seen.startdate, hint.startdate),
      enddate: Math.max(seen.enddate, hint.enddate),
    };
    byAppli.set(
      hint.appli,
      seen.date !== undefined && seen.date === hint.date
        ? { ...widened, date: seen.date }
        : widened,
    );
  }
  return [...byAppli.values()].sort((a, b) => a.appli - b.appli);
}

// The local day of a record, in the record's own zone (Q14).
function dayHint(
  store: UserDataStore,
  appli: number,
  day: number,
  timezone: string | undefined,
): NotificationHint {
  const cal = store.calendarOf(timezone);
  return {
    appli,
    startdate: cal.midnight(day),
    enddate: cal.midnight(day + 1) - 1,
    date: cal.ymd(day),
  };
}

function measureHints(_: UserDataStore, entry: TableEntry<StoredMeasureGroup>): NotificationHint[] {
  const applis = new Set(entry.rec.measures.map((m) => appliForMeasureType(m.type)));
  return [...applis]
    .sort((a, b) => a - b)
    .map((appli) => ({ appli, startdate: entry.sort, enddate: entry.sort }));
}

const buildMeasureGroup: Build<StoredMeasureGroup> = (store, f, now, base) => {
  const date = f.requiredInt("date");
  const list = f.array("measures");
  if (list === undefined || list.length === 0)
    throw new SandboxParamError("measures: measures must be a non-empty array");
  const measures = list.map((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new SandboxParamError(`measures: measures[${i}] must be an object`);
    }
    const m = new RecordFields(item as JsonObject, `measures[${i}]`);
    m.requiredInt("value");
    m.requiredInt("type");
    m.requiredInt("unit");
    m.int("position");
    return item as unknown as StoredMeasure;
  });
  const grpid =
    base === undefined ? (f.int("grpid") ?? store.allocateId("record")) : base.rec.grpid;
  const deviceid = f.stringOrNull("deviceid") ?? null;
  const rest = f.record;
  const rec: StoredMeasureGroup = deepFreeze({
    ...rest,
    grpid,
    attrib: f.int("attrib") ?? 2,
    date,
    created: createdStamp(store, base, now),
    modified: now,
    category: f.int("category") ?? 1,
    deviceid,
    hash_deviceid: f.stringOrNull("hash_deviceid") ?? deviceid,
    measures,
    modelid: f.intOrNull("modelid") ?? null,
    model: f.stringOrNull("model") ?? null,
    comment: f.stringOrNull("comment") ?? null,
  } as StoredMeasureGroup);
  return entry(rec, grpid, date, grpid, store.calendar.dayOf(date), base?.created ?? now, now);
};

const buildActivity: Build<StoredActivity> = (store, f, now, base) => {
  const date = f.string("date");
  const day = date === undefined ? undefined : store.calendar.dayFromYmd(date);
  if (date === undefined || day === undefined)
    throw new SandboxParamError("activity: date must be a YYYY-MM-DD date");
  for (const [key, value] of Object.entries(f.record)) {
    if (typeof value === "object" && value !== null)
      throw new SandboxParamError(`activity: ${key} must not be an object`);
  }
  f.bool("is_tracker");
  const rec: StoredActivity = deepFreeze({
    ...f.record,
    deviceid: f.stringOrNull("deviceid") ?? null,
    hash_deviceid: f.stringOrNull("hash_deviceid") ?? null,
    timezone: zoneOf(store, f),
    date,
    modified: now,
    brand: f.int("brand") ?? 18,
    modelid: f.intOrNull("modelid") ?? null,
    model: f.stringOrNull("model") ?? null,
    is_tracker: f.bool("is_tracker") ?? false,
  } as StoredActivity);
  return entry(
    rec,
    activityId(rec),
    day,
    base?.tie ?? store.nextTie(),
    day,
    base?.created ?? now,
    now,
  );
};

const buildWorkout: Build<StoredWorkout> = (store, f, now, base) => {
  const startdate = f.requiredInt("startdate");
  const enddate = f.requiredInt("enddate");
  if (enddate < startdate)
    throw new SandboxParamError("workouts: enddate must not be before startdate");
  const id = base === undefined ? (f.int("id") ?? store.allocateId("record")) : base.rec.id;
  const date = f.string("date") ?? store.calendar.ymd(store.calendar.dayOf(startdate));
  const day = store.calendar.dayFromYmd(date);
  if (day === undefined) throw new SandboxParamError("workouts: date must be a YYYY-MM-DD date");
  const rec: StoredWorkout = deepFreeze({
    id,
    category: f.int("category") ?? 1,
    timezone: zoneOf(store, f),
    model: f.intOrNull("model") ?? null,
    attrib: f.int("attrib") ?? 2,
    startdate,
    enddate,
    date,
    deviceid: f.stringOrNull("deviceid") ?? null,
    data: f.object("data") ?? {},
    modified: now,
  } as StoredWorkout);
  return entry(rec, id, startdate, id, day, base?.created ?? now, now);
};

const buildSleep: Build<StoredSleepSummary> = (store, f, now, base) => {
  const startdate = f.requiredInt("startdate");
  const enddate = f.requiredInt("enddate");
  if (enddate < startdate)
    throw new SandboxParamError("sleep: enddate must not be before startdate");
  const id = base === undefined ? (f.int("id") ?? store.allocateId("record")) : base.rec.id;
  const date = f.string("date") ?? store.calendar.ymd(store.calendar.dayOf(enddate));
  const day = store.calendar.dayFromYmd(date);
  if (day === undefined) throw new SandboxParamError("sleep: date must be a YYYY-MM-DD date");
  const rec: StoredSleepSummary = deepFreeze({
    id,
    timezone: zoneOf(store, f),
    model: f.intOrNull("model") ?? 16,
    model_id: f.intOrNull("model_id") ?? null,
    hash_deviceid: f.stringOrNull("hash_deviceid") ?? null,
    startdate,
    enddate,
    date,
    data: f.object("data") ?? {},
    completed: f.bool("completed") ?? true,
    created: createdStamp(store, base, now),
    modified: now,
  } as StoredSleepSummary);
  return entry(rec, id, startdate, id, day, base?.created ?? now, now);
};

const buildEcg: Build<StoredEcg> = (store, f, now, base) => {
  const timestamp = f.requiredInt("timestamp");
  const ecg = new RecordFields(f.object("ecg") ?? {}, "ecg.ecg");
  const signalid =
    base === undefined
      ? (ecg.int("signalid") ?? store.allocateId("signal"))
      : base.rec.ecg.signalid;
  const bp = f.object("bloodpressure");
  if (bp !== undefined) {
    const b = new RecordFields(bp, "ecg.bloodpressure");
    b.requiredInt("diastole");
    b.requiredInt("systole");
  }
  const rec: StoredEcg = deepFreeze({
    deviceid: f.stringOrNull("deviceid") ?? null,
    model: f.intOrNull("model") ?? null,
    ecg: { signalid, afib: ecg.int("afib") ?? 0 },
    ...(bp === undefined ? {} : { bloodpressure: bp }),
    heart_rate: f.int("heart_rate") ?? 70,
    timestamp,
    modified: now,
  } as StoredEcg);
  return entry(
    rec,
    signalid,
    timestamp,
    signalid,
    store.calendar.dayOf(timestamp),
    base?.created ?? now,
    now,
  );
};

const buildDevice: Build<StoredDevice> = (store, f, now, base) => {
  const deviceid = f.string("deviceid");
  const type = f.string("type");
  const model = f.string("model");
  if (deviceid === undefined || type === undefined || model === undefined) {
    throw new SandboxParamError("devices: deviceid, type and model are required strings");
  }
  const rec: StoredDevice = deepFreeze({
    type,
    battery: f.string("battery") ?? "high",
    model,
    model_id: f.intOrNull("model_id") ?? null,
    timezone: zoneOf(store, f),
    first_session_date: f.intOrNull("first_session_date") ?? now,
    last_session_date: f.intOrNull("last_session_date") ?? now,
    deviceid,
    hash_deviceid: f.stringOrNull("hash_deviceid") ?? deviceid,
  } as StoredDevice);
  const tie = base?.tie ?? store.nextTie();
  return entry(rec, deviceid, tie, tie, 0, base?.created ?? now, now);
};

function applyGoals(store: UserDataStore, change: DataChange): void {
  if (change.op === "delete") {
    store.goals = null;
    return;
  }
  const f = new RecordFields(change.record, "goals");
  f.int("steps");
  f.int("sleep");
  const weight = f.object("weight");
  if (weight !== undefined) {
    const w = new RecordFields(weight, "goals.weight");
    w.requiredInt("value");
    w.requiredInt("unit");
  }
  const base = change.op === "edit" ? (store.goals ?? {}) : {};
  store.goals = deepFreeze({ ...base, ...structuredClone(change.record) } as Goals);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function entry<R>(
  rec: R,
  id: number | string,
  sort: number,
  tie: number,
  day: number,
  created: number,
  modified: number,
): TableEntry<R> {
  return { rec, id, sort, tie, day, created, modified };
}

// A record's zone, checked before anything is stored: a change the sandbox refuses leaves
// the user's data as it was.
function zoneOf(store: UserDataStore, f: RecordFields): string {
  const zone = f.string("timezone") ?? store.timezone;
  store.calendarOf(zone);
  return zone;
}
