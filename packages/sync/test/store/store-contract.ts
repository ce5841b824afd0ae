import type { RowOf } from "@withings-kit/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerJson } from "../../../client/test/fixtures/answers.js";
import { describeConformance } from "../../../client/test/helpers/conformance-corpus.js";
import {
  isStoreError,
  recordKeyOf,
  type Store,
  type StoredRow,
  type StoreErrorCode,
  type StoreReader,
  SYNC_DATASETS,
  type SyncDataset,
  type VitalName,
  type VitalsGroup,
} from "../../src/index.js";
import type { DetailUnit, StoreBatch } from "../../src/store/store.js";
import { corpusMeasureHistory, corpusRows } from "./corpus-rows.js";
import {
  longMeasureHistory,
  MEASURE_ANSWERS,
  mixedCategoryRows,
  type RealRows,
  realRows,
  signalRows,
} from "./real-rows.js";

/** One store over fresh storage; `reopen` opens the same storage again (omit: it cannot be). */
export interface StoreHandle {
  readonly store: Store & StoreReader;
  readonly reopen?: () => Promise<Store & StoreReader>;
  /** Closes whatever the handle opened and removes its storage. */
  readonly cleanup?: () => Promise<void>;
}

/** How a contract run gets stores. */
export interface StoreFactory {
  create(): Promise<StoreHandle>;
  /**
   * Tries to open storage whose bytes are damaged and resolves to what was thrown (omit when
   * the store has no storage a user could damage, e.g. in memory).
   */
  readonly openCorrupt?: () => Promise<unknown>;
}

type Loose = Readonly<Record<string, unknown>>;

/**
 * The natural keys of rows: what a store keeps one row per. A measure group may repeat a
 * (category, type, position), Q10: the n-th such row of a group is its own row.
 */
function naturalKeys(dataset: SyncDataset, rows: readonly StoredRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const r = row as unknown as Loose;
    if (dataset === "measures" || dataset === "objectives") {
      const key = `${r["grpid"]}|${r["category"]}|${r["type"]}|${r["position"]}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return `${key}|${n}`;
    }
    if (dataset === "sleep") return `${r["time"]}|${recordKeyOf(dataset, row)}`;
    if (dataset === "ecg_signal") return `${r["signalid"]}|${r["index"]}`;
    return recordKeyOf(dataset, row) ?? "";
  });
}

/** What a store should hold after upserting `rows`: one row per natural key, the last wins. */
function expected(dataset: SyncDataset, rows: readonly StoredRow[]): string[] {
  const byKey = new Map<string, string>();
  const keys = naturalKeys(dataset, rows);
  for (const [i, row] of rows.entries()) byKey.set(keys[i] as string, JSON.stringify(row));
  return [...byKey.values()].sort();
}

async function collect(store: Store, query: Parameters<Store["rows"]>[0]): Promise<StoredRow[]> {
  const out: StoredRow[] = [];
  for await (const row of store.rows(query)) out.push(row);
  return out;
}

/** Rows as JSON text: comparing text checks values, types and key order at once. */
async function stored(store: Store, dataset: SyncDataset, userId?: string): Promise<string[]> {
  const rows = await collect(store, { dataset, ...(userId === undefined ? {} : { userId }) });
  return rows.map((r) => JSON.stringify(r)).sort();
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function expectCode(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  const error = await failure(promise);
  expect(isStoreError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

const epoch = (iso: string): number => Date.parse(iso) / 1000;
const cell = (row: StoredRow, key: string): unknown => (row as unknown as Loose)[key];
const U = "user-1";
const EVER = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;

/** A copy of `row` with some cells replaced, typed as a row again. */
function edit(row: StoredRow | undefined, cells: Loose): StoredRow {
  if (row === undefined) throw new Error("no row to edit");
  return { ...(row as unknown as Loose), ...cells } as unknown as StoredRow;
}

/**
 * An activity record's key as record-key-of.ts documents it, `date|brand:modelid:device`
 * (the device is `hash_deviceid`, else `deviceid`, else empty), written out here so that the
 * store's keys are checked against the format and not against its own helper.
 */
function activityKey(row: StoredRow): string {
  const part = (key: string) => {
    const value = cell(row, key);
    return value === null || value === undefined ? "" : String(value);
  };
  const device = part("hash_deviceid") || part("deviceid");
  return `${part("date")}|${part("brand")}:${part("modelid")}:${device}`;
}

/** The first measure group that repeats a type at one position (Q10): a Body Scan weigh-in. */
function bodyScanGrpid(rows: readonly StoredRow[]): number {
  const keys = naturalKeys("measures", rows);
  const at = keys.findIndex((k) => k.endsWith("|1"));
  if (at < 0) throw new Error("no measure group repeats a type at one position");
  return cell(rows[at] as StoredRow, "grpid") as number;
}

/** A detail unit, by default a dirty intraday day that was never fetched. */
function unit(key: string, cells: Partial<DetailUnit> = {}): DetailUnit {
  return {
    dataset: "intraday",
    key,
    start: 1_000,
    end: 2_000,
    dirty: true,
    fetchedAt: null,
    settleAt: null,
    ...cells,
  };
}

/** Each vital of `StoreReader.latestVitals` and its measure type, written out from the reference. */
const VITAL_TYPES: Readonly<Record<VitalName, number>> = {
  weight: 1,
  height: 4,
  fatFreeMass: 5,
  fatRatio: 6,
  fatMass: 8,
  diastolic: 9,
  systolic: 10,
  heartPulse: 11,
  temperature: 12,
  spo2: 54,
  bodyTemperature: 71,
  skinTemperature: 73,
  muscleMass: 76,
  hydration: 77,
  boneMass: 88,
  pwv: 91,
  vo2max: 123,
  vascularAge: 155,
  extracellularWater: 168,
  intracellularWater: 169,
  visceralFat: 170,
  basalMetabolicRate: 226,
  metabolicAge: 227,
};
const VITALS = Object.keys(VITAL_TYPES) as VitalName[];

/**
 * What `latestVitals` should answer for measure rows, worked out in plain code: per vital,
 * the newest group (by instant, then grpid) of real measures (any category but 2) holding a
 * whole-body value of its type (no position, or position 7), with its values of every vital.
 */
function expectedLatestVitals(
  rows: readonly StoredRow[],
  userOf: (row: StoredRow) => string = () => U,
  userId = U,
): Partial<Record<VitalName, VitalsGroup>> {
  const groups = new Map<number, Loose[]>();
  for (const row of rows) {
    const r = row as unknown as Loose;
    if (userOf(row) !== userId || r["category"] === 2) continue;
    const grpid = r["grpid"] as number;
    groups.set(grpid, [...(groups.get(grpid) ?? []), r]);
  }
  const groupOf = (grpid: number, members: readonly Loose[]): VitalsGroup => {
    const first = members[0] as Loose;
    const values: Partial<Record<VitalName, number>> = {};
    for (const name of VITALS) {
      const whole = members.filter(
        (m) => m["type"] === VITAL_TYPES[name] && (m["position"] === null || m["position"] === 7),
      );
      if (whole.length > 0) values[name] = Math.max(...whole.map((m) => m["value"] as number));
    }
    return {
      grpid,
      at: epoch(first["date"] as string),
      date: first["date"] as string,
      localDate: first["localDate"] as string | null,
      localTime: first["localTime"] as string | null,
      timezone: first["timezone"] as string,
      attrib: first["attrib"] as number,
      ambiguous: members.some((m) => m["ambiguous"] === true),
      deviceid: first["deviceid"] as string | null,
      model: first["model"] as string | null,
      modelid: first["modelid"] as number | null,
      values,
    };
  };
  const all = [...groups].map(([grpid, members]) => groupOf(grpid, members));
  all.sort((a, b) => b.at - a.at || b.grpid - a.grpid);
  const latest: Partial<Record<VitalName, VitalsGroup>> = {};
  for (const name of VITALS) {
    const found = all.find((g) => g.values[name] !== undefined);
    if (found !== undefined) latest[name] = found;
  }
  return latest;
}

/**
 * The conformance suite every {@link Store} must pass (hono `common.case.test.ts` style):
 * run it once per implementation with a factory for fresh storage. Data is `toRows` output of
 * our own answers (real-rows.ts); the captured answers of the conformance corpus, when it is
 * there, go through the same round trips in an extra suite.
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store & StoreReader;

    beforeEach(async () => {
      handle = await factory.create();
      store = handle.store;
    });
    afterEach(async () => {
      await store.close();
      await handle.cleanup?.();
    });

    /** Stores rows of every dataset, checks they stream back exactly, then replays them. */
    async function roundTrip(rows: RealRows): Promise<void> {
      for (const dataset of SYNC_DATASETS) {
        const want = expected(dataset, rows[dataset]);
        const result = await store.apply({ userId: U, dataset, upsert: rows[dataset] });
        expect(result, dataset).toEqual({ added: want.length, changed: 0, deleted: 0 });
        expect(await stored(store, dataset, U), dataset).toEqual(want);
      }
      // Booleans come back as booleans, nulls as nulls, ids as numbers.
      const [measure] = await collect(store, { dataset: "measures", userId: U });
      expect(typeof cell(measure as StoredRow, "ambiguous")).toBe("boolean");
      expect(typeof cell(measure as StoredRow, "grpid")).toBe("number");
      const before = await store.counts(U);
      for (const dataset of SYNC_DATASETS) {
        const again = await store.apply({ userId: U, dataset, upsert: rows[dataset] });
        expect(again, dataset).toEqual({ added: 0, changed: 0, deleted: 0 });
      }
      expect(await store.counts(U)).toEqual(before);
    }

    it("stores real rows of every dataset and streams them back as toRows made them", async () => {
      await roundTrip(realRows());
    });

    it("keeps every row of a group that repeats a type at one position (Q10), row for row", async () => {
      const rows = realRows().measures;
      // Body Scan groups list whole-body fat-free mass (5) and fat mass (8) twice each: count
      // the repeats in the answers themselves, so that a repeat toRows dropped would show.
      type Listed = {
        grpid: number;
        category: number;
        measures: { type: number; position?: number }[];
      };
      const listed = new Map<string, number>();
      for (const path of MEASURE_ANSWERS) {
        for (const g of answerJson<{ body: { measuregrps: Listed[] } }>(path).body.measuregrps) {
          for (const m of g.measures) {
            const key = `${g.grpid}|${g.category}|${m.type}|${m.position ?? null}`;
            listed.set(key, (listed.get(key) ?? 0) + 1);
          }
        }
      }
      const twice = [...listed.values()].filter((n) => n > 1);
      expect(twice.length).toBeGreaterThan(0);
      const repeats = new Set(naturalKeys("measures", rows).filter((k) => k.endsWith("|1")));
      expect(repeats.size).toBe(twice.length);
      const result = await store.apply({ userId: U, dataset: "measures", upsert: rows });
      expect(result).toEqual({ added: rows.length, changed: 0, deleted: 0 });
      expect((await store.counts(U)).measures).toBe(rows.length);
      expect(await stored(store, "measures", U)).toEqual(rows.map((r) => JSON.stringify(r)).sort());
      expect(await store.apply({ userId: U, dataset: "measures", upsert: rows })).toEqual({
        added: 0,
        changed: 0,
        deleted: 0,
      });

      // A group that repeats a type at one position with two values keeps both; sent again
      // with one, it loses the other; with the two swapped, both rows change.
      const base = rows[0] as StoredRow;
      const a = edit(base, {
        grpid: 77,
        type: 1,
        position: null,
        value: 70,
        rawValue: 70,
        rawUnit: 0,
      });
      const b = edit(a, { value: 71, rawValue: 71 });
      const group = (...r: StoredRow[]) =>
        store.apply({ userId: "q10", dataset: "measures", upsert: r });
      expect(await group(a, b)).toEqual({ added: 2, changed: 0, deleted: 0 });
      expect(await stored(store, "measures", "q10")).toEqual(
        [JSON.stringify(a), JSON.stringify(b)].sort(),
      );
      expect(await group(b, a)).toEqual({ added: 0, changed: 2, deleted: 0 });
      expect(await group(b, a)).toEqual({ added: 0, changed: 0, deleted: 0 });
      expect(await group(b)).toEqual({ added: 0, changed: 0, deleted: 1 });
      expect(await stored(store, "measures", "q10")).toEqual([JSON.stringify(b)]);
    });

    it("keeps a null position apart from a real position -1", async () => {
      const base = edit(realRows().measures[0], { grpid: 5, type: 6, position: null });
      const minusOne = edit(base, { position: -1, value: 12.5, rawValue: 125, rawUnit: -1 });
      const zero = edit(base, { position: 0, value: 13, rawValue: 13, rawUnit: 0 });
      expect(
        await store.apply({ userId: U, dataset: "measures", upsert: [base, minusOne, zero] }),
      ).toEqual({ added: 3, changed: 0, deleted: 0 });
      const rows = await collect(store, { dataset: "measures", userId: U });
      expect(rows.map((r) => cell(r, "position")).sort()).toEqual([-1, 0, null]);
      expect(await stored(store, "measures", U)).toEqual(
        [base, minusOne, zero].map((r) => JSON.stringify(r)).sort(),
      );
      // Re-sent without the -1 row: exactly that row goes.
      expect(await store.apply({ userId: U, dataset: "measures", upsert: [base, zero] })).toEqual({
        added: 0,
        changed: 0,
        deleted: 1,
      });
      expect(await stored(store, "measures", U)).toEqual(
        [base, zero].map((r) => JSON.stringify(r)).sort(),
      );
    });

    it("treats a replay as no change at all (idempotent upserts)", async () => {
      const rows = realRows();
      for (const dataset of SYNC_DATASETS)
        await store.apply({ userId: U, dataset, upsert: rows[dataset] });
      const before = await store.counts(U);
      for (const dataset of SYNC_DATASETS) {
        const again = await store.apply({ userId: U, dataset, upsert: rows[dataset] });
        expect(again, dataset).toEqual({ added: 0, changed: 0, deleted: 0 });
      }
      expect(await store.counts(U)).toEqual(before);
    });

    it("counts an edit as changed, only for the rows that differ, and new rows as added", async () => {
      const rows = realRows().measures;
      await store.apply({ userId: U, dataset: "measures", upsert: rows });
      const first = rows[0] as (typeof rows)[number];
      const grpid = cell(first, "grpid");
      const group = rows.filter((r) => cell(r, "grpid") === grpid);
      const edited = rows.map((r) =>
        r === first
          ? {
              ...r,
              value: (cell(r, "value") as number) + 1,
              rawValue: (cell(r, "rawValue") as number) + 1,
            }
          : r,
      );
      expect(await store.apply({ userId: U, dataset: "measures", upsert: edited })).toEqual({
        added: 0,
        changed: 1,
        deleted: 0,
      });
      // A group-level edit (a new `modified` stamp) touches every row of the group.
      const touched = group.map((r) => ({ ...r, modified: "2030-01-01T00:00:00Z" }));
      const fresh = { ...first, type: 999_999, key: "type999999", knownType: false };
      expect(
        await store.apply({ userId: U, dataset: "measures", upsert: [...touched, fresh] }),
      ).toEqual({
        added: 1,
        changed: group.length,
        deleted: 0,
      });
      // `null` → value and value → `null` are changes too (the comparison is null-safe).
      const nulled = { ...first, modified: "2030-01-01T00:00:00Z", deviceid: null };
      expect(
        (await store.apply({ userId: U, dataset: "measures", upsert: [nulled] })).changed,
      ).toBe(1);
      expect(
        (await store.apply({ userId: U, dataset: "measures", upsert: [nulled] })).changed,
      ).toBe(0);
    });

    it("deletes by record key exactly the rows of that record, in every dataset", async () => {
      const rows = realRows();
      for (const dataset of SYNC_DATASETS) {
        await store.apply({ userId: U, dataset, upsert: rows[dataset] });
        await store.apply({ userId: "other", dataset, upsert: rows[dataset] });
      }
      // Signals before recordings: a signal is listed at its recording's time.
      for (const dataset of [...SYNC_DATASETS].reverse()) {
        const keys = await store.recordKeys(
          U,
          dataset,
          Number.MIN_SAFE_INTEGER,
          Number.MAX_SAFE_INTEGER,
        );
        const victim = keys[0] as string;
        const before = (await store.counts(U))[dataset] as number;
        const natural = naturalKeys(dataset, rows[dataset]);
        const inRecord = new Set(
          natural.filter((_, i) => recordKeyOf(dataset, rows[dataset][i] as StoredRow) === victim),
        ).size;
        expect(inRecord, dataset).toBeGreaterThan(0);
        const result = await store.apply({ userId: U, dataset, delete: [victim] });
        expect(result, dataset).toEqual({ added: 0, changed: 0, deleted: inRecord });
        expect((await store.counts(U))[dataset], dataset).toBe(before - inRecord);
        expect(
          await store.recordKeys(U, dataset, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
        ).not.toContain(victim);
        // The other user's copy of the record is untouched.
        expect(
          await store.recordKeys(
            "other",
            dataset,
            Number.MIN_SAFE_INTEGER,
            Number.MAX_SAFE_INTEGER,
          ),
        ).toContain(victim);
        expect((await store.apply({ userId: U, dataset, delete: [victim] })).deleted).toBe(0);
      }
    });

    it("applies deletes before upserts, so one batch can replace a record", async () => {
      const rows = realRows().workouts;
      await store.apply({ userId: U, dataset: "workouts", upsert: rows });
      const key = recordKeyOf("workouts", rows[0] as StoredRow) as string;
      const result = await store.apply({
        userId: U,
        dataset: "workouts",
        delete: [key],
        upsert: [rows[0] as StoredRow],
      });
      expect(result).toEqual({ added: 1, changed: 0, deleted: 1 });
      expect(await stored(store, "workouts", U)).toEqual(expected("workouts", rows));
    });

    it("keeps objectives (category 2) and measures (every other category) apart in one table", async () => {
      const rows = mixedCategoryRows();
      const objectives = rows.filter((r) => r.category === 2);
      const measures = rows.filter((r) => r.category !== 2);
      const grpids = (list: readonly StoredRow[]) =>
        [...new Set(list.map((r) => cell(r, "grpid") as number))].sort((x, y) => x - y).map(String);
      // A grpid that names an objective group and a group of an unknown category.
      const both = grpids(objectives).find((g) => grpids(measures).includes(g)) as string;
      expect(both).toBeDefined();
      expect(measures.some((r) => String(r.grpid) !== both)).toBe(true);
      const ofGroup = (list: readonly StoredRow[]) =>
        list.filter((r) => String(cell(r, "grpid")) === both).length;
      await store.apply({ userId: U, dataset: "measures", upsert: measures });
      await store.apply({ userId: U, dataset: "objectives", upsert: objectives });
      expect(await store.counts(U)).toMatchObject({
        measures: measures.length,
        objectives: objectives.length,
      });
      const all = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
      expect(await store.recordKeys(U, "measures", ...all)).toEqual(grpids(measures));
      expect(await store.recordKeys(U, "objectives", ...all)).toEqual(grpids(objectives));
      expect(await stored(store, "objectives", U)).toEqual(expected("objectives", objectives));
      expect(await stored(store, "measures", U)).toEqual(expected("measures", measures));

      expect((await store.apply({ userId: U, dataset: "measures", delete: [both] })).deleted).toBe(
        ofGroup(measures),
      );
      const measuresLeft = measures.length - ofGroup(measures);
      expect(await store.counts(U)).toMatchObject({
        measures: measuresLeft,
        objectives: objectives.length,
      });
      expect(
        (await store.apply({ userId: U, dataset: "objectives", delete: [both] })).deleted,
      ).toBe(ofGroup(objectives));
      expect(await store.counts(U)).toMatchObject({
        measures: measuresLeft,
        objectives: objectives.length - ofGroup(objectives),
      });
      expect(await store.recordKeys(U, "measures", ...all)).toEqual(
        grpids(measures).filter((g) => g !== both),
      );
    });

    it("writes nothing — rows, deletes or state — when one row of a batch is invalid", async () => {
      const rows = realRows().measures;
      await store.apply({
        userId: U,
        dataset: "measures",
        upsert: rows.slice(0, 3),
        state: { cursor: 1 },
      });
      const before = await stored(store, "measures", U);
      const victim = recordKeyOf("measures", rows[0] as StoredRow) as string;
      const bad = [
        { ...rows[5], grpid: "not a number" },
        { ...rows[5], type: undefined },
        { ...rows[5], ambiguous: 1 },
        { ...rows[5], value: Number.NaN },
      ];
      for (const row of bad) {
        await expectCode(
          store.apply({
            userId: U,
            dataset: "measures",
            upsert: [...rows.slice(3), row as unknown as StoredRow],
            delete: [victim],
            state: { cursor: 2, lastSyncAt: 3 },
          }),
          "STORE_INVALID_ROW",
        );
      }
      expect(await stored(store, "measures", U)).toEqual(before);
      expect(await store.getState(U, "measures")).toEqual({
        cursor: 1,
        lastSyncAt: null,
        lastReconcileAt: null,
        meta: null,
      });
    });

    it("round-trips the sync state per user and dataset, field by field", async () => {
      expect(await store.getState(U, "measures")).toBeUndefined();
      await store.apply({ userId: U, dataset: "measures", state: { cursor: 1_700_000_000 } });
      expect(await store.getState(U, "measures")).toEqual({
        cursor: 1_700_000_000,
        lastSyncAt: null,
        lastReconcileAt: null,
        meta: null,
      });
      await store.apply({ userId: U, dataset: "measures", state: { lastSyncAt: 1_700_000_100 } });
      await store.apply({
        userId: U,
        dataset: "measures",
        state: { lastReconcileAt: 1_700_000_200 },
      });
      expect(await store.getState(U, "measures")).toEqual({
        cursor: 1_700_000_000,
        lastSyncAt: 1_700_000_100,
        lastReconcileAt: 1_700_000_200,
        meta: null,
      });
      await store.apply({ userId: U, dataset: "measures", state: { cursor: null } });
      expect((await store.getState(U, "measures"))?.cursor).toBeNull();
      // Objectives share the table but not the cursor; users do not share anything.
      expect(await store.getState(U, "objectives")).toBeUndefined();
      expect(await store.getState("other", "measures")).toBeUndefined();
    });

    it("lists record keys whose record's main instant is in [from, to)", async () => {
      const rows = realRows();
      for (const dataset of SYNC_DATASETS)
        await store.apply({ userId: U, dataset, upsert: rows[dataset] });

      const measure = rows.measures[0] as StoredRow;
      const at = epoch(cell(measure, "date") as string);
      const grpid = String(cell(measure, "grpid"));
      expect(await store.recordKeys(U, "measures", at, at + 1)).toContain(grpid);
      expect(await store.recordKeys(U, "measures", at + 1, at + 3600)).not.toContain(grpid);
      expect(await store.recordKeys(U, "measures", at - 3600, at)).not.toContain(grpid);

      // Day records sit at UTC midnight of their date: a range of UTC midnights picks days.
      // An activity record is a date and a source: `date|brand:modelid:device`.
      const midnight = (row: StoredRow) => epoch(`${cell(row, "date")}T00:00:00Z`);
      const daysIn = (from: number, to: number) =>
        rows.activity
          .filter((r) => midnight(r) >= from && midnight(r) < to)
          .map(activityKey)
          .sort();
      // From a date two sources share, if the answer has one.
      const dates = rows.activity.map((r) => cell(r, "date"));
      const shared = rows.activity.find((r, i) => dates.indexOf(cell(r, "date")) !== i);
      const day = midnight(shared ?? (rows.activity[0] as StoredRow));
      const oneDay = daysIn(day, day + 86_400);
      const threeDays = daysIn(day, day + 3 * 86_400);
      expect(threeDays.length).toBeGreaterThan(oneDay.length);
      expect(await store.recordKeys(U, "activity", day, day + 86_400)).toEqual(oneDay);
      expect(await store.recordKeys(U, "activity", day, day + 3 * 86_400)).toEqual(threeDays);

      // A sleep record is one device's segment, placed at its start.
      const start = cell(rows.sleep[0] as StoredRow, "segmentStart") as string;
      expect(await store.recordKeys(U, "sleep", epoch(start), epoch(start) + 1)).toEqual([
        recordKeyOf("sleep", rows.sleep[0] as StoredRow),
      ]);

      // A signal is placed at its recording's time; 992 has no recording, so no time.
      const recording = rows.ecg[0] as StoredRow;
      const recorded = epoch(cell(recording, "timestamp") as string);
      const signal = String(cell(recording, "signalid"));
      expect(rows.ecg_signal.some((r) => String(cell(r, "signalid")) === signal)).toBe(true);
      expect(await store.recordKeys(U, "ecg_signal", recorded, recorded + 1)).toEqual([signal]);
      expect(
        await store.recordKeys(U, "ecg_signal", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      ).toEqual([signal]);

      // Devices and goals are snapshots without a time: every key, whatever the range.
      expect(await store.recordKeys(U, "goals", 0, 1)).toEqual(
        rows.goals.map((r) => cell(r, "goal")).sort(),
      );
      expect((await store.recordKeys(U, "devices", 0, 1)).length).toBe(
        expected("devices", rows.devices).length,
      );
    });

    it("sorts numeric record keys as numbers, and takes any number as a bound", async () => {
      const workout = realRows().workouts[0] as StoredRow;
      const date = cell(workout, "date") as string;
      const at = epoch(`${date}T00:00:00Z`);
      await store.apply({
        userId: U,
        dataset: "workouts",
        upsert: [edit(workout, { id: 10 }), edit(workout, { id: 9 }), edit(workout, { id: 100 })],
      });
      expect(await store.recordKeys(U, "workouts", ...EVER)).toEqual(["9", "10", "100"]);
      // Bounds need not be whole seconds, nor finite: [at - 0.5, at + 0.5) holds `at`.
      expect(await store.recordKeys(U, "workouts", at - 0.5, at + 0.5)).toHaveLength(3);
      expect(await store.recordKeys(U, "workouts", at + 0.5, Number.POSITIVE_INFINITY)).toEqual([]);
      expect(await store.recordKeys(U, "workouts", Number.NEGATIVE_INFINITY, 1e20)).toHaveLength(3);
      const ranged = await collect(store, {
        dataset: "workouts",
        userId: U,
        from: at - 0.5,
        to: 1e20,
      });
      expect(ranged).toHaveLength(3);
      expect(
        await collect(store, {
          dataset: "workouts",
          from: Number.NEGATIVE_INFINITY,
          to: at + 0.25,
        }),
      ).toHaveLength(3);
      // A `complete` window with fractional ends deletes exactly the records inside it.
      expect(
        await store.apply({
          userId: U,
          dataset: "workouts",
          upsert: [edit(workout, { id: 9 })],
          complete: { from: at - 0.5, to: at + 0.5 },
        }),
      ).toEqual({ added: 0, changed: 0, deleted: 2 });
    });

    /** Streams a long history of two users once, checking order, ranges and concurrent writes. */
    async function streamsOnce(history: readonly RowOf<"measures">[]): Promise<void> {
      // A measures sync's rows: objectives (category 2) would be filed apart and not stream.
      expect(history.every((r) => cell(r, "category") !== 2)).toBe(true);
      await store.apply({ userId: "b", dataset: "measures", upsert: history });
      await store.apply({ userId: "a", dataset: "measures", upsert: history.slice(0, 500) });
      const want = expected("measures", history).length;
      const ofA = expected("measures", history.slice(0, 500)).length;

      const seen: string[] = [];
      let lastUser = "";
      let lastAt = Number.NEGATIVE_INFINITY;
      let wrote = false;
      for await (const row of store.rows({ dataset: "measures" })) {
        if (!wrote) {
          // A sync writing while an export reads must not fail.
          await store.apply({ userId: "a", dataset: "goals", upsert: realRows().goals });
          wrote = true;
        }
        const user = seen.length < ofA ? "a" : "b";
        const at = epoch(cell(row, "date") as string);
        if (user !== lastUser) {
          lastUser = user;
          lastAt = Number.NEGATIVE_INFINITY;
        }
        expect(at).toBeGreaterThanOrEqual(lastAt);
        lastAt = at;
        seen.push(`${user}|${JSON.stringify(row)}`);
      }
      // Every stored row exactly once (rows a group repeats, Q10, included).
      expect(seen.length).toBe(want + ofA);
      expect(seen.sort()).toEqual(
        [
          ...expected("measures", history.slice(0, 500)).map((r) => `a|${r}`),
          ...expected("measures", history).map((r) => `b|${r}`),
        ].sort(),
      );
      expect((await collect(store, { dataset: "measures", userId: "b" })).length).toBe(want);

      // `from`/`to` select by the row's instant, inclusive and exclusive.
      const dates = history.map((r) => epoch(r.date as string)).sort((x, y) => x - y);
      const from = dates[100] as number;
      const to = dates[2000] as number;
      const inRange = expected(
        "measures",
        history.filter((r) => epoch(r.date as string) >= from && epoch(r.date as string) < to),
      );
      const ranged = await collect(store, { dataset: "measures", userId: "b", from, to });
      expect(ranged.map((r) => JSON.stringify(r)).sort()).toEqual(inRange);
      // Across users too: each user's rows are cut to the range, page after page.
      const inRangeOfA = expected(
        "measures",
        history
          .slice(0, 500)
          .filter((r) => epoch(r.date as string) >= from && epoch(r.date as string) < to),
      );
      const everyone = await collect(store, { dataset: "measures", from, to });
      expect(everyone.map((r) => JSON.stringify(r)).sort()).toEqual(
        [...inRangeOfA, ...inRange].sort(),
      );
    }

    it("streams every row once, by user then main instant, and lets writes through meanwhile", async () => {
      await streamsOnce(longMeasureHistory());
    });

    it("counts rows per dataset, for one user or for all", async () => {
      const rows = realRows();
      for (const dataset of SYNC_DATASETS)
        await store.apply({ userId: U, dataset, upsert: rows[dataset] });
      await store.apply({ userId: "other", dataset: "goals", upsert: rows.goals });
      const mine = await store.counts(U);
      for (const dataset of SYNC_DATASETS)
        expect(mine[dataset], dataset).toBe(expected(dataset, rows[dataset]).length);
      const all = await store.counts();
      expect(all.goals).toBe(2 * expected("goals", rows.goals).length);
      expect(all.ecg_signal).toBe(expected("ecg_signal", rows.ecg_signal).length);
      expect((await store.counts("nobody")).measures).toBe(0);
    });

    it("lists the users that have rows, a sync state or detail units", async () => {
      expect(await store.users()).toEqual([]);
      await store.apply({ userId: "b", dataset: "goals", upsert: realRows().goals });
      await store.apply({ userId: "c", dataset: "intraday", state: { cursor: 5 } });
      await store.apply({ userId: "a", dataset: "ecg_signal", upsert: signalRows(7) });
      await store.apply({ userId: "d", dataset: "intraday", units: [unit("1")] });
      // A lease alone is not data.
      await store.lock("e", "run", { now: 1, leaseSeconds: 1 });
      expect(await store.users()).toEqual(["a", "b", "c", "d"]);
    });

    it("reads each vital's newest measurement group, as the vitals view shows it", async () => {
      expect(await store.latestVitals(U, VITALS)).toEqual({});
      const rows = realRows();
      await store.apply({ userId: U, dataset: "measures", upsert: rows.measures });
      await store.apply({ userId: U, dataset: "objectives", upsert: rows.objectives });
      const want = expectedLatestVitals([...rows.measures, ...rows.objectives]);
      expect(Object.keys(want).length).toBeGreaterThan(5);
      expect(await store.latestVitals(U, VITALS)).toEqual(want);
      // Only the vitals asked, each once; another user sees none of them.
      expect(await store.latestVitals(U, ["weight", "systolic", "weight"])).toEqual({
        ...(want.weight === undefined ? {} : { weight: want.weight }),
        ...(want.systolic === undefined ? {} : { systolic: want.systolic }),
      });
      expect(await store.latestVitals("other", VITALS)).toEqual({});
      expect(await store.latestVitals(U, [])).toEqual({});
    });

    it("breaks a tie by grpid and leaves out objectives, segments and other users' groups", async () => {
      const [template] = realRows().measures;
      const measure = (cells: Loose): StoredRow =>
        edit(template, { type: 1, value: 70, position: null, category: 1, ...cells });
      const at = (iso: string) => ({
        date: iso,
        localDate: iso.slice(0, 10),
        localTime: iso.slice(11, 19),
      });
      const mine = [
        measure({ grpid: 10, value: 70, ...at("2025-03-01T07:00:00Z") }),
        measure({ grpid: 11, value: 71, ...at("2025-03-01T07:00:00Z") }),
        // Newer, but a segment (left arm), not the whole body: not a weight.
        measure({ grpid: 12, value: 9, position: 2, ...at("2025-03-02T07:00:00Z") }),
        // Newer, but the whole body at position 7: a weight.
        measure({ grpid: 13, type: 8, value: 20, ...at("2025-03-03T07:00:00Z") }),
        measure({ grpid: 13, type: 8, value: 2, position: 3, ...at("2025-03-03T07:00:00Z") }),
        measure({ grpid: 13, value: 72, position: 7, ...at("2025-03-03T07:00:00Z") }),
      ];
      await store.apply({ userId: U, dataset: "measures", upsert: mine });
      // A newer objective of the same type, and another user's newer weigh-in.
      await store.apply({
        userId: U,
        dataset: "objectives",
        upsert: [measure({ grpid: 14, value: 60, category: 2, ...at("2025-03-04T07:00:00Z") })],
      });
      await store.apply({
        userId: "other",
        dataset: "measures",
        upsert: [measure({ grpid: 15, value: 99, ...at("2025-03-05T07:00:00Z") })],
      });
      const latest = await store.latestVitals(U, ["weight", "fatMass", "height"]);
      expect(latest).toEqual(expectedLatestVitals(mine));
      expect(latest.weight?.grpid).toBe(13);
      expect(latest.weight?.values).toEqual({ weight: 72, fatMass: 20 });
      expect(latest.weight?.at).toBe(epoch("2025-03-03T07:00:00Z"));
      expect(latest.height).toBeUndefined();
      // Without the newer group, the tie at 07:00 on the 1st goes to the larger grpid.
      await store.apply({ userId: U, dataset: "measures", delete: ["12", "13"] });
      expect((await store.latestVitals(U, ["weight"])).weight?.values).toEqual({ weight: 71 });
      expect((await store.latestVitals("other", ["weight"])).weight?.values).toEqual({
        weight: 99,
      });
    });

    it("gives each dataset's rows and last sync for a user, in SYNC_DATASETS order", async () => {
      const rows = realRows();
      for (const dataset of SYNC_DATASETS)
        await store.apply({ userId: U, dataset, upsert: rows[dataset] });
      await store.apply({ userId: U, dataset: "measures", state: { lastSyncAt: 1_700_000_000 } });
      await store.apply({ userId: U, dataset: "sleep", state: { cursor: 5 } });
      await store.apply({ userId: U, dataset: "ecg", state: { lastSyncAt: 1_700_000_100.5 } });
      await store.apply({ userId: "other", dataset: "goals", state: { lastSyncAt: 9 } });
      const status = await store.datasetStatus(U);
      expect(Object.keys(status)).toEqual([...SYNC_DATASETS]);
      const counts = await store.counts(U);
      for (const dataset of SYNC_DATASETS) {
        const lastSyncAt = (await store.getState(U, dataset))?.lastSyncAt ?? null;
        expect(status[dataset], dataset).toEqual({ rows: counts[dataset] ?? 0, lastSyncAt });
      }
      expect(status.measures.lastSyncAt).toBe(1_700_000_000);
      expect(status.ecg.lastSyncAt).toBe(1_700_000_100.5);
      expect(status.sleep.lastSyncAt).toBeNull();
      expect(status.ecg_signal.rows).toBe(expected("ecg_signal", rows.ecg_signal).length);
      const nobody = await store.datasetStatus("nobody");
      for (const dataset of SYNC_DATASETS)
        expect(nobody[dataset]).toEqual({ rows: 0, lastSyncAt: null });
      expect((await store.datasetStatus("other")).goals).toEqual({ rows: 0, lastSyncAt: 9 });
    });

    it("refuses bad arguments to the reads with STORE_INVALID_ARGUMENT", async () => {
      await expectCode(store.latestVitals("", ["weight"]), "STORE_INVALID_ARGUMENT");
      await expectCode(
        store.latestVitals(U, ["weight", "heart_pulse" as VitalName]),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(
        store.latestVitals(U, "weight" as unknown as VitalName[]),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(store.datasetStatus(""), "STORE_INVALID_ARGUMENT");
      await expectCode(store.datasetStatus(5 as unknown as string), "STORE_INVALID_ARGUMENT");
    });

    it("keeps ids above 2^31 and up to 2^53 − 1 exact", async () => {
      const rows = realRows();
      const big = rows.measures.filter((r) => (cell(r, "grpid") as number) > 2 ** 31);
      expect(big.length).toBeGreaterThan(0);
      const max = { ...(rows.measures[0] as StoredRow), grpid: Number.MAX_SAFE_INTEGER };
      const workout = { ...(rows.workouts[0] as StoredRow), id: Number.MAX_SAFE_INTEGER - 1 };
      await store.apply({ userId: U, dataset: "measures", upsert: [...big, max] });
      await store.apply({ userId: U, dataset: "workouts", upsert: [workout] });
      expect(await stored(store, "measures", U)).toEqual(expected("measures", [...big, max]));
      expect(await stored(store, "workouts", U)).toEqual([JSON.stringify(workout)]);
      const keys = await store.recordKeys(
        U,
        "measures",
        Number.MIN_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER,
      );
      expect(keys).toContain("9007199254740991");
      expect(keys).toContain(String(cell(big[0] as StoredRow, "grpid")));
      expect(
        (await store.apply({ userId: U, dataset: "measures", delete: ["9007199254740991"] }))
          .deleted,
      ).toBe(1);
      expect(
        (await store.apply({ userId: U, dataset: "workouts", delete: ["9007199254740990"] }))
          .deleted,
      ).toBe(1);
    });

    it("stores an ECG signal whole, counts its samples, and wants every sample with its signalid", async () => {
      const signal = signalRows(991);
      expect(signal.length).toBeGreaterThan(2);
      expect(await store.apply({ userId: U, dataset: "ecg_signal", upsert: signal })).toEqual({
        added: signal.length,
        changed: 0,
        deleted: 0,
      });
      const edited = signal.map((r) => (cell(r, "index") === 1 ? { ...r, microvolts: 5 } : r));
      expect(await store.apply({ userId: U, dataset: "ecg_signal", upsert: edited })).toEqual({
        added: 0,
        changed: 1,
        deleted: 0,
      });
      expect(await stored(store, "ecg_signal", U)).toEqual(expected("ecg_signal", edited));
      const shorter = edited.slice(0, 2);
      expect(await store.apply({ userId: U, dataset: "ecg_signal", upsert: shorter })).toEqual({
        added: 0,
        changed: 0,
        deleted: signal.length - shorter.length,
      });
      const { signalid: _, ...anonymous } = signal[0] as unknown as Loose;
      await expectCode(
        store.apply({
          userId: U,
          dataset: "ecg_signal",
          upsert: [anonymous as unknown as StoredRow],
        }),
        "STORE_INVALID_ROW",
      );
      await expectCode(
        store.apply({ userId: U, dataset: "ecg_signal", upsert: signal.slice(1) }),
        "STORE_INVALID_ROW",
      );
      expect((await store.counts(U)).ecg_signal).toBe(2);
    });

    it("writes each record whole: a group re-sent with fewer measures loses the others", async () => {
      const rows = realRows().measures;
      await store.apply({ userId: U, dataset: "measures", upsert: rows });
      await store.apply({ userId: "other", dataset: "measures", upsert: rows });
      // A Body Scan weigh-in: whole-body and segmental measures.
      const grpid = bodyScanGrpid(rows);
      const group = rows.filter((r) => cell(r, "grpid") === grpid);
      expect(group.some((r) => r.position === null)).toBe(true);
      expect(group.some((r) => r.position !== null && r.position !== 7)).toBe(true);
      const kept = group.slice(0, 2);
      const lost = group.length - kept.length;
      expect(await store.apply({ userId: U, dataset: "measures", upsert: kept })).toEqual({
        added: 0,
        changed: 0,
        deleted: lost,
      });
      const rest = rows.filter((r) => cell(r, "grpid") !== grpid);
      expect(await stored(store, "measures", U)).toEqual(expected("measures", [...rest, ...kept]));
      // Other records and the other user's copy are untouched.
      expect((await store.counts("other")).measures).toBe(rows.length);
      // A measure that moved to another position is one row added and one deleted.
      const moved = edit(kept[1], { position: 99 });
      expect(
        await store.apply({
          userId: U,
          dataset: "measures",
          upsert: [kept[0] as StoredRow, moved],
        }),
      ).toEqual({ added: 1, changed: 0, deleted: 1 });
      expect(await store.recordKeys(U, "measures", ...EVER)).toContain(String(grpid));
    });

    it("keeps a record's last copy when a batch holds it twice, apart", async () => {
      const rows = realRows().measures;
      const groupOf = (grpid: number) => rows.filter((r) => cell(r, "grpid") === grpid);
      const a = groupOf(bodyScanGrpid(rows));
      const b = groupOf(rows.find((r) => r.grpid !== a[0]?.grpid)?.grpid as number);
      expect(a.length).toBeGreaterThan(3);
      expect(b.length).toBeGreaterThan(0);
      // Two overlapping pages in one batch: A, B, then A again.
      expect(
        await store.apply({ userId: U, dataset: "measures", upsert: [...a, ...b, ...a] }),
      ).toEqual({ added: a.length + b.length, changed: 0, deleted: 0 });
      expect(await stored(store, "measures", U)).toEqual(expected("measures", [...a, ...b]));
      // Stored, then sent twice with the later copy shorter: the later copy is the record.
      const shorter = a.slice(0, 3);
      expect(
        await store.apply({ userId: U, dataset: "measures", upsert: [...a, ...b, ...shorter] }),
      ).toEqual({ added: 0, changed: 0, deleted: a.length - shorter.length });
      expect(await stored(store, "measures", U)).toEqual(expected("measures", [...shorter, ...b]));
    });

    it("writes a sleep segment whole: its stored samples the fresh segment lacks go", async () => {
      const rows = realRows().sleep;
      await store.apply({ userId: U, dataset: "sleep", upsert: rows });
      const starts = [...new Set(rows.map((r) => cell(r, "segmentStart") as string))];
      const long = starts.find((s) => rows.filter((r) => cell(r, "segmentStart") === s).length > 2);
      const segment = rows.filter((r) => cell(r, "segmentStart") === long);
      const shorter = segment.slice(0, 1);
      expect(await store.apply({ userId: U, dataset: "sleep", upsert: shorter })).toEqual({
        added: 0,
        changed: 0,
        deleted: segment.length - 1,
      });
      expect((await store.counts(U)).sleep).toBe(
        expected("sleep", rows).length - segment.length + 1,
      );
      expect(await stored(store, "sleep", U)).toEqual(
        expected("sleep", [...rows.filter((r) => cell(r, "segmentStart") !== long), ...shorter]),
      );
    });

    it("keeps two devices' segments that start at the same second apart", async () => {
      const rows = realRows().sleep;
      await store.apply({ userId: U, dataset: "sleep", upsert: rows });
      const first = cell(rows[0] as StoredRow, "segmentStart");
      const watch = rows.filter((r) => cell(r, "segmentStart") === first);
      expect(watch.length).toBeGreaterThan(1);
      // A mat recorded the same night: same bounds and state, its own device and samples.
      const mat = watch.map((r) => edit(r, { model_id: 63, hash_deviceid: "mat", hr: 41 }));
      expect(await store.apply({ userId: U, dataset: "sleep", upsert: mat })).toEqual({
        added: mat.length,
        changed: 0,
        deleted: 0,
      });
      expect(await stored(store, "sleep", U)).toEqual(expected("sleep", [...rows, ...mat]));
      const at = epoch(first as string);
      const keys = [
        recordKeyOf("sleep", watch[0] as StoredRow),
        recordKeyOf("sleep", mat[0] as StoredRow),
      ];
      expect(new Set(keys).size).toBe(2);
      expect(await store.recordKeys(U, "sleep", at, at + 1)).toEqual([...keys].sort());
      // One device's segment written whole, then deleted, leaves the other's untouched.
      expect(await store.apply({ userId: U, dataset: "sleep", upsert: mat.slice(0, 1) })).toEqual({
        added: 0,
        changed: 0,
        deleted: mat.length - 1,
      });
      await store.apply({ userId: U, dataset: "sleep", delete: [keys[1] as string] });
      expect(await stored(store, "sleep", U)).toEqual(expected("sleep", rows));
    });

    it("keeps a grpid that is both a measure group and an objective apart, row for row", async () => {
      const base = edit(realRows().measures[0], { grpid: 42, type: 1, position: null });
      const measure = edit(base, { category: 1, value: 80, rawValue: 80, rawUnit: 0 });
      const objective = edit(base, { category: 2, value: 75, rawValue: 75, rawUnit: 0 });
      await store.apply({ userId: U, dataset: "measures", upsert: [measure] });
      expect(await store.apply({ userId: U, dataset: "objectives", upsert: [objective] })).toEqual({
        added: 1,
        changed: 0,
        deleted: 0,
      });
      expect(await store.counts(U)).toMatchObject({ measures: 1, objectives: 1 });
      expect(await stored(store, "measures", U)).toEqual([JSON.stringify(measure)]);
      expect(await stored(store, "objectives", U)).toEqual([JSON.stringify(objective)]);
      // Writing one whole leaves the other alone.
      const weight = edit(measure, {
        type: 4,
        key: "height",
        value: 1.8,
        rawValue: 18,
        rawUnit: -1,
      });
      expect(await store.apply({ userId: U, dataset: "measures", upsert: [weight] })).toEqual({
        added: 1,
        changed: 0,
        deleted: 1,
      });
      expect(await stored(store, "objectives", U)).toEqual([JSON.stringify(objective)]);
      expect(
        (await store.apply({ userId: U, dataset: "objectives", delete: ["42"] })).deleted,
      ).toBe(1);
      expect(await stored(store, "measures", U)).toEqual([JSON.stringify(weight)]);
    });

    it("stores several activity records per date, one per source", async () => {
      const day = realRows().activity[0] as StoredRow;
      const tracker = edit(day, { hash_deviceid: "abc", deviceid: "abc" });
      const external = edit(day, {
        brand: 18,
        modelid: 1063,
        model: null,
        modelName: null,
        is_tracker: false,
        steps: 5000,
      });
      const date = cell(day, "date") as string;
      expect(
        await store.apply({ userId: U, dataset: "activity", upsert: [day, tracker, external] }),
      ).toEqual({ added: 3, changed: 0, deleted: 0 });
      const at = epoch(`${date}T00:00:00Z`);
      const keys = [day, tracker, external].map(activityKey);
      expect(new Set(keys).size).toBe(3);
      expect(await store.recordKeys(U, "activity", at, at + 86_400)).toEqual([...keys].sort());
      for (const row of [day, tracker, external]) {
        expect(recordKeyOf("activity", row)).toMatch(new RegExp(`^${date}\\|`));
      }
      // An edit of a source's metrics keeps its record.
      expect(
        await store.apply({
          userId: U,
          dataset: "activity",
          upsert: [edit(external, { steps: 5100 })],
        }),
      ).toEqual({ added: 0, changed: 1, deleted: 0 });
      expect(
        await store.apply({ userId: U, dataset: "activity", delete: [activityKey(tracker)] }),
      ).toEqual({ added: 0, changed: 0, deleted: 1 });
      expect(await stored(store, "activity", U)).toEqual(
        [day, edit(external, { steps: 5100 })].map((r) => JSON.stringify(r)).sort(),
      );
      await expectCode(
        store.apply({ userId: U, dataset: "activity", delete: [date] }),
        "STORE_INVALID_ARGUMENT",
      );
    });

    it("replaces a window whole with `complete`: intraday by time", async () => {
      const rows = realRows().intraday;
      await store.apply({ userId: U, dataset: "intraday", upsert: rows });
      await store.apply({ userId: "other", dataset: "intraday", upsert: rows });
      // From the second sample (`from` is inclusive) to the last but one (`to` is exclusive):
      // one sample before the window, two after it.
      const times = rows.map((r) => epoch(r.time as string)).sort((x, y) => x - y);
      const from = times[1] as number;
      const to = times.at(-2) as number;
      const inside = rows.filter(
        (r) => epoch(r.time as string) >= from && epoch(r.time as string) < to,
      );
      const gone = inside.filter((_, i) => i % 2 === 0);
      const fresh = inside.filter((_, i) => i % 2 !== 0);
      expect(gone.length).toBeGreaterThan(1);
      expect(fresh.length).toBeGreaterThan(0);
      expect(
        await store.apply({
          userId: U,
          dataset: "intraday",
          upsert: fresh,
          complete: { from, to },
        }),
      ).toEqual({ added: 0, changed: 0, deleted: gone.length });
      const left = rows.filter((r) => !gone.includes(r));
      expect(await stored(store, "intraday", U)).toEqual(expected("intraday", left));
      expect((await store.counts("other")).intraday).toBe(rows.length);
      // An empty answer for a window empties it; the bound `to` is exclusive.
      const last = epoch(rows.at(-1)?.time as string);
      expect(
        await store.apply({
          userId: U,
          dataset: "intraday",
          upsert: [],
          complete: { from: to, to: last },
        }),
      ).toEqual({
        added: 0,
        changed: 0,
        deleted: rows.filter((r) => epoch(r.time as string) >= to && epoch(r.time as string) < last)
          .length,
      });
      expect(await store.recordKeys(U, "intraday", last, last + 1)).toEqual([rows.at(-1)?.time]);
    });

    it("replaces a window whole with `complete`: sleep by segment start", async () => {
      const rows = realRows().sleep;
      await store.apply({ userId: U, dataset: "sleep", upsert: rows });
      const starts = [...new Set(rows.map((r) => r.segmentStart as string))].sort();
      // `from` inside a segment: that segment started before the window and is kept.
      const straddling = starts[10] as string;
      const from = epoch(straddling) + 1;
      const to = epoch(starts[20] as string);
      const inWindow = starts.filter((s) => epoch(s) >= from && epoch(s) < to);
      expect(inWindow.length).toBe(9);
      const dropped = inWindow[4] as string;
      const fresh = rows.filter(
        (r) => inWindow.includes(r.segmentStart as string) && r.segmentStart !== dropped,
      );
      const result = await store.apply({
        userId: U,
        dataset: "sleep",
        upsert: fresh,
        complete: { from, to },
      });
      expect(result).toEqual({
        added: 0,
        changed: 0,
        deleted: expected(
          "sleep",
          rows.filter((r) => r.segmentStart === dropped),
        ).length,
      });
      expect(await store.recordKeys(U, "sleep", ...EVER)).toEqual(
        [
          ...new Set(
            rows.filter((r) => r.segmentStart !== dropped).map((r) => recordKeyOf("sleep", r)),
          ),
        ].sort(),
      );
    });

    it("limits `complete` to the batch's dataset: measures never touch objectives", async () => {
      const rows = mixedCategoryRows();
      await store.apply({
        userId: U,
        dataset: "measures",
        upsert: rows.filter((r) => r.category !== 2),
      });
      await store.apply({
        userId: U,
        dataset: "objectives",
        upsert: rows.filter((r) => r.category === 2),
      });
      const result = await store.apply({
        userId: U,
        dataset: "measures",
        upsert: [],
        complete: { from: EVER[0], to: EVER[1] },
      });
      expect(result.deleted).toBe(rows.filter((r) => r.category !== 2).length);
      expect(await store.counts(U)).toMatchObject({
        measures: 0,
        objectives: rows.filter((r) => r.category === 2).length,
      });
    });

    it("round-trips `meta` as JSON, replaced whole, and refuses what JSON would change", async () => {
      const meta = {
        pageHint: 200,
        sweep: { passStart: 1_700_000_000, through: [1, "x", null, true] },
      };
      await store.apply({ userId: U, dataset: "activity", state: { cursor: 5, meta } });
      expect(await store.getState(U, "activity")).toEqual({
        cursor: 5,
        lastSyncAt: null,
        lastReconcileAt: null,
        meta,
      });
      // A state without `meta` keeps it; a new `meta` replaces it whole; null clears it.
      await store.apply({ userId: U, dataset: "activity", state: { lastSyncAt: 6 } });
      expect((await store.getState(U, "activity"))?.meta).toEqual(meta);
      await store.apply({ userId: U, dataset: "activity", state: { meta: { zone: "UTC" } } });
      expect(await store.getState(U, "activity")).toEqual({
        cursor: 5,
        lastSyncAt: 6,
        lastReconcileAt: null,
        meta: { zone: "UTC" },
      });
      class Hint {
        readonly page = 1;
      }
      const cyclic: Record<string, unknown> = {};
      cyclic["self"] = cyclic;
      // An array with holes, which JSON turns into nulls.
      const holes: number[] = [];
      holes[2] = 3;
      const bad: unknown[] = [
        [1, 2],
        "text",
        42,
        new Date(0),
        new Hint(),
        { a: undefined },
        { a: Number.NaN },
        { a: Number.POSITIVE_INFINITY },
        { a: () => 1 },
        { a: 1n },
        { a: [1, undefined, 3] },
        { a: holes },
        { a: new Map() },
        cyclic,
      ];
      for (const value of bad) {
        await expectCode(
          store.apply({
            userId: U,
            dataset: "activity",
            upsert: realRows().activity,
            state: { cursor: 9, meta: value as Record<string, unknown> },
          }),
          "STORE_INVALID_ARGUMENT",
        );
      }
      expect((await store.counts(U)).activity).toBe(0);
      expect((await store.getState(U, "activity"))?.meta).toEqual({ zone: "UTC" });
      await store.apply({ userId: U, dataset: "activity", state: { meta: null } });
      expect((await store.getState(U, "activity"))?.meta).toBeNull();
    });

    it("marks dependents only for the records the batch added, changed or deleted", async () => {
      const days = realRows().activity;
      const key = (row: StoredRow) => recordKeyOf("activity", row) as string;
      const markAll = (rows: readonly StoredRow[]) =>
        rows.map((row, i) => ({
          record: key(row),
          unit: unit(`day${i}`, { start: i * 100, end: i * 100 + 100 }),
        }));
      const batch = (extra: Partial<StoreBatch>): StoreBatch => ({
        userId: U,
        dataset: "activity",
        dependents: markAll(days),
        ...extra,
      });
      await store.apply(batch({ upsert: days }));
      // Every record is new, so every one marks its unit (listed by start: in row order).
      expect((await store.units(U, "intraday")).map((u) => u.key)).toEqual(
        days.map((_, i) => `day${i}`),
      );
      // Fetched: every unit clean.
      const fetched = (await store.units(U, "intraday")).map((u) => ({
        ...u,
        dirty: false,
        fetchedAt: 9,
      }));
      await store.apply({ userId: U, dataset: "activity", units: fetched });
      // An identical replay marks nothing.
      expect(await store.apply(batch({ upsert: days }))).toEqual({
        added: 0,
        changed: 0,
        deleted: 0,
      });
      expect(await store.units(U, "intraday")).toEqual(fetched);
      // An edit marks its record's unit only.
      const edited = days.map((r, i) => (i === 1 ? edit(r, { steps: 1 }) : r));
      await store.apply(batch({ upsert: edited }));
      expect((await store.units(U, "intraday", { due: 0 })).map((u) => u.key)).toEqual(["day1"]);
      // A delete marks; a delete of a record that is not stored does not.
      await store.apply({ userId: U, dataset: "activity", units: fetched });
      const never = key(edit(days[2], { date: "2000-01-01" }));
      await store.apply(batch({ delete: [key(days[2] as StoredRow), never] }));
      expect((await store.units(U, "intraday", { due: 0 })).map((u) => u.key)).toEqual(["day2"]);
      // So does `complete`, for the records it deletes: every source's record of that date
      // still stored (day 2's is gone already).
      await store.apply({ userId: U, dataset: "activity", units: fetched });
      const date3 = cell(days[3] as StoredRow, "date");
      const d3 = epoch(`${date3}T00:00:00Z`);
      await store.apply(batch({ upsert: [], complete: { from: d3, to: d3 + 86_400 } }));
      expect((await store.units(U, "intraday", { due: 0 })).map((u) => u.key)).toEqual(
        days.flatMap((r, i) => (i !== 2 && cell(r, "date") === date3 ? [`day${i}`] : [])),
      );
      // And a record written whole that lost rows (a sleep segment, a measure group).
      const sleep = realRows().sleep;
      await store.apply({ userId: U, dataset: "sleep", upsert: sleep });
      const segment = sleep.filter((r) => r.segmentStart === sleep[0]?.segmentStart);
      expect(segment.length).toBeGreaterThan(1);
      await store.apply({
        userId: U,
        dataset: "sleep",
        upsert: segment.slice(1),
        dependents: [
          {
            record: recordKeyOf("sleep", segment[0] as StoredRow) as string,
            unit: unit("night", { dataset: "sleep" }),
          },
          {
            record: recordKeyOf("sleep", sleep.at(-1) as StoredRow) as string,
            unit: unit("untouched", { dataset: "sleep" }),
          },
        ],
      });
      expect((await store.units(U, "sleep")).map((u) => u.key)).toEqual(["night"]);
      // A mark naming something that is not a record key of the dataset is refused.
      await expectCode(
        store.apply({
          userId: U,
          dataset: "activity",
          upsert: days,
          dependents: [{ record: "not a key", unit: unit("x") }],
        }),
        "STORE_INVALID_ARGUMENT",
      );
    });

    it("widens a marked unit, makes it dirty, keeps its fetch time and the later settle time", async () => {
      const day = realRows().activity[0] as StoredRow;
      const record = recordKeyOf("activity", day) as string;
      let steps = 0;
      const mark = async (u: DetailUnit) => {
        steps++;
        await store.apply({
          userId: U,
          dataset: "activity",
          upsert: [edit(day, { steps })],
          dependents: [{ record, unit: u }],
        });
        return (await store.units(U, u.dataset)).find((x) => x.key === u.key);
      };
      // A new unit is inserted as given.
      const given = unit("k", {
        start: 100,
        end: 200,
        dirty: false,
        fetchedAt: 150,
        settleAt: 300,
      });
      expect(await mark(given)).toEqual(given);
      expect(await mark(unit("k", { start: 50, end: 150, settleAt: 250 }))).toEqual({
        ...given,
        start: 50,
        end: 200,
        dirty: true,
        fetchedAt: 150,
        settleAt: 300,
      });
      expect(await mark(unit("k", { start: 120, end: 400, settleAt: 350 }))).toEqual(
        unit("k", { start: 50, end: 400, dirty: true, fetchedAt: 150, settleAt: 350 }),
      );
      // A mark makes a stored unit dirty, even a mark that says otherwise.
      await store.apply({
        userId: U,
        dataset: "activity",
        units: [unit("k", { start: 50, end: 400, dirty: false, fetchedAt: 160, settleAt: 350 })],
      });
      expect(await mark(unit("k", { start: 60, end: 70, dirty: false, settleAt: 1 }))).toEqual(
        unit("k", { start: 50, end: 400, dirty: true, fetchedAt: 160, settleAt: 350 }),
      );
      // A null settle time gives way to a time, and a time does not give way to null.
      expect((await mark(unit("k", { settleAt: null })))?.settleAt).toBe(350);
      await store.apply({
        userId: U,
        dataset: "activity",
        units: [unit("n", { dataset: "sleep", settleAt: null, dirty: false })],
      });
      expect((await mark(unit("n", { dataset: "sleep", settleAt: null })))?.settleAt).toBeNull();
      expect(await mark(unit("n", { dataset: "sleep", settleAt: 500 }))).toEqual(
        unit("n", { dataset: "sleep", settleAt: 500, dirty: true }),
      );
      // Marks of one batch accumulate.
      await store.apply({
        userId: U,
        dataset: "activity",
        upsert: [edit(day, { steps: 999 })],
        dependents: [
          { record, unit: unit("m", { start: 10, end: 20 }) },
          { record, unit: unit("m", { start: 30, end: 40, settleAt: 7 }) },
        ],
      });
      expect((await store.units(U, "intraday")).find((x) => x.key === "m")).toEqual(
        unit("m", { start: 10, end: 40, settleAt: 7 }),
      );
    });

    it("writes units as given, removes them, and lists them by start then key, or only those due", async () => {
      const units = [
        unit("c", { start: 300, end: 400, dirty: false, fetchedAt: 5, settleAt: null }),
        unit("b", { start: 100, end: 200, dirty: false, fetchedAt: 5, settleAt: 1_000 }),
        unit("a", { start: 100, end: 200, dirty: true }),
        unit("d", { start: 50, end: 60, dirty: false, fetchedAt: 5, settleAt: 999 }),
        unit("e", { start: 0, end: 10, dirty: false, fetchedAt: 5, settleAt: 1_001 }),
      ];
      await store.apply({ userId: U, dataset: "intraday", units });
      await store.apply({ userId: U, dataset: "sleep", units: [unit("s", { dataset: "sleep" })] });
      await store.apply({ userId: "other", dataset: "intraday", units: [unit("z")] });
      const keys = async (due?: number) =>
        (await store.units(U, "intraday", due === undefined ? {} : { due })).map((u) => u.key);
      expect(await keys()).toEqual(["e", "d", "a", "b", "c"]);
      expect(await store.units(U, "intraday")).toEqual([
        units[4],
        units[3],
        units[2],
        units[1],
        units[0],
      ]);
      expect(await keys(1_000)).toEqual(["d", "a", "b"]);
      expect(await keys(0)).toEqual(["a"]);
      expect(await keys(Number.POSITIVE_INFINITY)).toEqual(["e", "d", "a", "b"]);
      expect((await store.units(U, "sleep")).map((u) => u.key)).toEqual(["s"]);
      expect((await store.units(U, "ecg_signal")).length).toBe(0);
      // Written whole (not merged), and removed.
      const refetched = unit("a", {
        start: 100,
        end: 150,
        dirty: false,
        fetchedAt: 77,
        settleAt: null,
      });
      await store.apply({
        userId: U,
        dataset: "intraday",
        units: [refetched, { dataset: "intraday", key: "e", remove: true }],
      });
      expect(await store.units(U, "intraday")).toEqual([units[3], refetched, units[1], units[0]]);
      expect(await keys(0)).toEqual([]);
      expect((await store.units("other", "intraday")).map((u) => u.key)).toEqual(["z"]);
      await expectCode(store.units(U, "activity" as "intraday"), "STORE_INVALID_ARGUMENT");
      await expectCode(store.units(U, "intraday", { due: Number.NaN }), "STORE_INVALID_ARGUMENT");
      for (const bad of [
        { ...unit("x"), dataset: "activity" },
        { ...unit("x"), key: "" },
        { ...unit("x"), start: 5, end: 4 },
        { ...unit("x"), dirty: 1 },
        { ...unit("x"), settleAt: undefined },
        { ...unit("x"), fetchedAt: Number.NaN },
        { dataset: "intraday", key: "x", remove: false },
      ]) {
        await expectCode(
          store.apply({ userId: U, dataset: "intraday", units: [bad as DetailUnit] }),
          "STORE_INVALID_ARGUMENT",
        );
      }
      expect((await store.units(U, "intraday")).length).toBe(4);
    });

    it("leases a user to one holder: free, renewed, expired, stolen, or refused with details", async () => {
      const lease = { now: 1_000, leaseSeconds: 60 };
      expect(await store.lock(U, "run-a", lease)).toEqual({ acquired: true });
      expect(await store.lock(U, "run-b", { now: 1_010, leaseSeconds: 60 })).toEqual({
        acquired: false,
        holder: "run-a",
        since: 1_000,
        expiresAt: 1_060,
      });
      // Other users are independent.
      expect(await store.lock("other", "run-b", { now: 1_010, leaseSeconds: 60 })).toEqual({
        acquired: true,
      });
      // A renewal moves the expiry and keeps `since`.
      expect(await store.lock(U, "run-a", { now: 1_050, leaseSeconds: 60 })).toEqual({
        acquired: true,
      });
      expect(await store.lock(U, "run-b", { now: 1_100, leaseSeconds: 60 })).toEqual({
        acquired: false,
        holder: "run-a",
        since: 1_000,
        expiresAt: 1_110,
      });
      // Stealing names the holder; naming anyone else is refused.
      expect(
        await store.lock(U, "run-b", { now: 1_100, leaseSeconds: 60, steal: "run-x" }),
      ).toMatchObject({
        acquired: false,
        holder: "run-a",
      });
      expect(
        await store.lock(U, "run-b", { now: 1_100, leaseSeconds: 60, steal: "run-a" }),
      ).toEqual({
        acquired: true,
      });
      expect(await store.lock(U, "run-a", { now: 1_101, leaseSeconds: 60 })).toEqual({
        acquired: false,
        holder: "run-b",
        since: 1_100,
        expiresAt: 1_160,
      });
      // Expired at `expiresAt` exactly, and then anyone may take it.
      expect(await store.lock(U, "run-c", { now: 1_159.5, leaseSeconds: 30 })).toMatchObject({
        acquired: false,
      });
      expect(await store.lock(U, "run-c", { now: 1_160, leaseSeconds: 30.5 })).toEqual({
        acquired: true,
      });
      expect(await store.lock(U, "run-a", { now: 1_161, leaseSeconds: 1 })).toEqual({
        acquired: false,
        holder: "run-c",
        since: 1_160,
        expiresAt: 1_190.5,
      });
      // Only the holder releases it.
      await store.unlock(U, "run-a");
      expect(await store.lock(U, "run-a", { now: 1_162, leaseSeconds: 1 })).toMatchObject({
        acquired: false,
        holder: "run-c",
      });
      await store.unlock(U, "run-c");
      expect(await store.lock(U, "run-a", { now: 1_163, leaseSeconds: 1 })).toEqual({
        acquired: true,
      });
      await store.unlock("nobody", "run-a");
      // A renewal only: granted to the holder (even expired), never a free or taken lease.
      expect(
        await store.lock(U, "run-a", { now: 5_000, leaseSeconds: 1, renewOnly: true }),
      ).toEqual({ acquired: true });
      await store.unlock(U, "run-a");
      expect(
        await store.lock(U, "run-a", { now: 5_001, leaseSeconds: 1, renewOnly: true }),
      ).toEqual({ acquired: false, holder: "", since: 5_001, expiresAt: 5_001 });
      expect(await store.lock(U, "run-d", { now: 5_002, leaseSeconds: 9 })).toEqual({
        acquired: true,
      });
      expect(
        await store.lock(U, "run-a", { now: 5_003, leaseSeconds: 1, renewOnly: true }),
      ).toMatchObject({ acquired: false, holder: "run-d" });
      await expectCode(store.lock(U, "", lease), "STORE_INVALID_ARGUMENT");
      await expectCode(store.lock("", "run-a", lease), "STORE_INVALID_ARGUMENT");
      await expectCode(
        store.lock(U, "run-a", { now: Number.NaN, leaseSeconds: 1 }),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(
        store.lock(U, "run-a", { now: 1, leaseSeconds: 0 }),
        "STORE_INVALID_ARGUMENT",
      );
    });

    it("rolls back everything — rows, complete, state, dependents, units — when any part is invalid", async () => {
      const days = realRows().activity;
      const first = days[0] as StoredRow;
      await store.apply({
        userId: U,
        dataset: "activity",
        upsert: days,
        state: { cursor: 1, meta: { a: 1 } },
        units: [unit("kept", { dirty: false, fetchedAt: 3 })],
      });
      const before = await stored(store, "activity", U);
      const state = await store.getState(U, "activity");
      const units = await store.units(U, "intraday");
      const everything = (
        upsert: readonly StoredRow[],
        extra: Partial<StoreBatch> = {},
      ): StoreBatch => ({
        userId: U,
        dataset: "activity",
        upsert,
        complete: { from: EVER[0], to: EVER[1] },
        delete: [recordKeyOf("activity", days[1] as StoredRow) as string],
        state: { cursor: 2, meta: { b: 2 } },
        dependents: [
          { record: recordKeyOf("activity", first) as string, unit: unit("kept", { start: 0 }) },
        ],
        units: [unit("new"), { dataset: "intraday", key: "kept", remove: true }],
        ...extra,
      });
      const edited = edit(first, { steps: 123 });
      await expectCode(
        store.apply(everything([edited, edit(first, { date: "not a day", steps: "x" })])),
        "STORE_INVALID_ROW",
      );
      await expectCode(
        store.apply(
          everything([edited], { units: [unit("new"), { ...unit("bad"), start: Number.NaN }] }),
        ),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(
        store.apply(
          everything([edited], { dependents: [{ record: "2024-01-01", unit: unit("x") }] }),
        ),
        "STORE_INVALID_ARGUMENT",
      );
      expect(await stored(store, "activity", U)).toEqual(before);
      expect(await store.getState(U, "activity")).toEqual(state);
      expect(await store.units(U, "intraday")).toEqual(units);
      // The same batch, valid, does all of it.
      expect(await store.apply(everything([edited]))).toEqual({
        added: 0,
        changed: 1,
        deleted: days.length - 1,
      });
      expect(await stored(store, "activity", U)).toEqual([JSON.stringify(edited)]);
      expect(await store.getState(U, "activity")).toEqual({
        cursor: 2,
        lastSyncAt: null,
        lastReconcileAt: null,
        meta: { b: 2 },
      });
      expect(await store.units(U, "intraday")).toEqual([unit("new")]);
    });

    it("rejects bad arguments with STORE_INVALID_ARGUMENT", async () => {
      await expectCode(
        store.apply({ userId: U, dataset: "subscriptions" as SyncDataset, upsert: [] }),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(store.apply({ userId: "", dataset: "goals" }), "STORE_INVALID_ARGUMENT");
      await expectCode(
        store.apply({ userId: U, dataset: "measures", delete: ["abc"] }),
        "STORE_INVALID_ARGUMENT",
      );
      await expectCode(store.recordKeys(U, "measures", Number.NaN, 1), "STORE_INVALID_ARGUMENT");
      await expectCode(
        collect(store, { dataset: "nope" as SyncDataset }),
        "STORE_INVALID_ARGUMENT",
      );
      const loose = (batch: Record<string, unknown>) =>
        store.apply({ userId: U, dataset: "intraday", ...batch } as unknown as StoreBatch);
      for (const bad of [
        { complete: { from: Number.NaN, to: 1 } },
        { complete: { from: 1 } },
        { complete: 5 },
        { dependents: {} },
        { dependents: [{ record: 5, unit: unit("x") }] },
        { dependents: [{ record: "2024-01-01T00:00:00Z" }] },
        { units: unit("x") },
        { state: { cursor: "5" } },
      ]) {
        await expectCode(loose(bad), "STORE_INVALID_ARGUMENT");
      }
    });

    it("keeps rows and state across a close and a reopen (needs reopenable storage)", async ({
      skip,
    }) => {
      if (handle.reopen === undefined) skip("this store's storage cannot be reopened");
      const rows = realRows();
      for (const dataset of SYNC_DATASETS) {
        await store.apply({ userId: U, dataset, upsert: rows[dataset], state: { cursor: 42 } });
      }
      await store.apply({
        userId: U,
        dataset: "activity",
        state: { meta: { zone: "Europe/Paris" } },
        units: [unit("k", { settleAt: 5 })],
      });
      await store.lock(U, "run", { now: 1, leaseSeconds: 100 });
      const before = await Promise.all(SYNC_DATASETS.map((d) => stored(store, d, U)));
      await store.close();
      store = await (handle.reopen as () => Promise<Store & StoreReader>)();
      expect(await Promise.all(SYNC_DATASETS.map((d) => stored(store, d, U)))).toEqual(before);
      expect(await store.getState(U, "sleep")).toEqual({
        cursor: 42,
        lastSyncAt: null,
        lastReconcileAt: null,
        meta: null,
      });
      expect((await store.getState(U, "activity"))?.meta).toEqual({ zone: "Europe/Paris" });
      expect(await store.units(U, "intraday")).toEqual([unit("k", { settleAt: 5 })]);
      expect(await store.lock(U, "other", { now: 2, leaseSeconds: 1 })).toEqual({
        acquired: false,
        holder: "run",
        since: 1,
        expiresAt: 101,
      });
      expect(await store.apply({ userId: U, dataset: "measures", upsert: rows.measures })).toEqual({
        added: 0,
        changed: 0,
        deleted: 0,
      });
    });

    it("refuses every call after close with STORE_CLOSED", async () => {
      await store.close();
      await store.close();
      await expectCode(store.apply({ userId: U, dataset: "goals" }), "STORE_CLOSED");
      await expectCode(store.counts(), "STORE_CLOSED");
      await expectCode(collect(store, { dataset: "goals" }), "STORE_CLOSED");
      await expectCode(store.units(U, "intraday"), "STORE_CLOSED");
      await expectCode(store.lock(U, "run", { now: 1, leaseSeconds: 1 }), "STORE_CLOSED");
      await expectCode(store.unlock(U, "run"), "STORE_CLOSED");
      await expectCode(store.latestVitals(U, ["weight"]), "STORE_CLOSED");
      await expectCode(store.datasetStatus(U), "STORE_CLOSED");
    });

    it.skipIf(factory.openCorrupt === undefined)(
      "refuses damaged storage with STORE_CORRUPT",
      async () => {
        const error = await (factory.openCorrupt as () => Promise<unknown>)();
        expect(isStoreError(error), String(error)).toBe(true);
        expect((error as { code: string }).code).toBe("STORE_CORRUPT");
      },
    );

    describeConformance(`captured answers in the ${name} store`, () => {
      it("stores captured rows of every dataset, streams them back as toRows made them, and replays them as no change", async () => {
        await roundTrip(corpusRows());
      });

      it("streams a captured history every row once, by user then main instant", async () => {
        await streamsOnce(corpusMeasureHistory());
      });
    });
  });
}
