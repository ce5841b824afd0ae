import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isStoreError,
  recordKeyOf,
  type Store,
  type StoredRow,
  type StoreErrorCode,
  SYNC_DATASETS,
  type SyncDataset,
} from "../../src/index.js";
import { longMeasureHistory, mixedCategoryRows, realRows, signalRows } from "./real-rows.js";

/** One store over fresh storage; `reopen` opens the same storage again (omit: it cannot be). */
export interface StoreHandle {
  readonly store: Store;
  readonly reopen?: () => Promise<Store>;
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

/** The natural key of a row: what a store keeps one row per. */
function naturalKey(dataset: SyncDataset, row: StoredRow): string {
  const r = row as unknown as Loose;
  if (dataset === "measures" || dataset === "objectives") {
    return `${r["grpid"]}|${r["type"]}|${r["position"]}`;
  }
  if (dataset === "sleep") return `${r["time"]}|${r["segmentStart"]}`;
  if (dataset === "ecg_signal") return `${r["signalid"]}|${r["index"]}`;
  return recordKeyOf(dataset, row) ?? "";
}

/** What a store should hold after upserting `rows`: one row per natural key, the last wins. */
function expected(dataset: SyncDataset, rows: readonly StoredRow[]): string[] {
  const byKey = new Map<string, string>();
  for (const row of rows) byKey.set(naturalKey(dataset, row), JSON.stringify(row));
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

/**
 * The conformance suite every {@link Store} must pass (hono `common.case.test.ts` style):
 * run it once per implementation with a factory for fresh storage. Data is real `toRows`
 * output of answers in the shared conformance corpus.
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;

    beforeEach(async () => {
      handle = await factory.create();
      store = handle.store;
    });
    afterEach(async () => {
      await store.close();
      await handle.cleanup?.();
    });

    it("stores real rows of every dataset and streams them back as toRows made them", async () => {
      const rows = realRows();
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
    });

    it("stores exact duplicates of one answer once (a Body Scan repeats whole-body measures)", async () => {
      const rows = realRows().measures;
      const unique = expected("measures", rows).length;
      expect(unique).toBeLessThan(rows.length);
      const result = await store.apply({ userId: U, dataset: "measures", upsert: rows });
      expect(result.added).toBe(unique);
      expect((await store.counts(U)).measures).toBe(unique);
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
        const inRecord = new Set(
          rows[dataset]
            .filter((r) => recordKeyOf(dataset, r) === victim)
            .map((r) => naturalKey(dataset, r)),
        ).size;
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
      expect(objectives.length).toBe(2);
      await store.apply({ userId: U, dataset: "measures", upsert: measures });
      await store.apply({ userId: U, dataset: "objectives", upsert: objectives });
      expect(await store.counts(U)).toMatchObject({ measures: measures.length, objectives: 2 });
      const all = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
      // grpid 2 names an objective group and a group of an unknown category.
      expect(await store.recordKeys(U, "measures", ...all)).toEqual(["1", "2"]);
      expect(await store.recordKeys(U, "objectives", ...all)).toEqual(["2"]);
      expect(await stored(store, "objectives", U)).toEqual(expected("objectives", objectives));
      expect(await stored(store, "measures", U)).toEqual(expected("measures", measures));

      expect((await store.apply({ userId: U, dataset: "measures", delete: ["2"] })).deleted).toBe(
        1,
      );
      expect(await store.counts(U)).toMatchObject({ measures: measures.length - 1, objectives: 2 });
      expect((await store.apply({ userId: U, dataset: "objectives", delete: ["2"] })).deleted).toBe(
        2,
      );
      expect(await store.counts(U)).toMatchObject({ measures: measures.length - 1, objectives: 0 });
      expect(await store.recordKeys(U, "measures", ...all)).toEqual(["1"]);
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
      });
    });

    it("round-trips the sync state per user and dataset, field by field", async () => {
      expect(await store.getState(U, "measures")).toBeUndefined();
      await store.apply({ userId: U, dataset: "measures", state: { cursor: 1_700_000_000 } });
      expect(await store.getState(U, "measures")).toEqual({
        cursor: 1_700_000_000,
        lastSyncAt: null,
        lastReconcileAt: null,
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
      const day = Date.UTC(2026, 3, 3) / 1000;
      expect(await store.recordKeys(U, "activity", day, day + 86_400)).toEqual(["2026-04-03"]);
      expect(await store.recordKeys(U, "activity", day, day + 3 * 86_400)).toEqual([
        "2026-04-03",
        "2026-04-04",
        "2026-04-05",
      ]);

      // A sleep record is a segment, placed at its start.
      const start = cell(rows.sleep[0] as StoredRow, "segmentStart") as string;
      expect(await store.recordKeys(U, "sleep", epoch(start), epoch(start) + 1)).toEqual([start]);

      // A signal is placed at its recording's time; 992 has no recording, so no time.
      const recorded = epoch(cell(rows.ecg[0] as StoredRow, "timestamp") as string);
      expect(await store.recordKeys(U, "ecg_signal", recorded, recorded + 1)).toEqual(["991"]);
      expect(
        await store.recordKeys(U, "ecg_signal", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      ).toEqual(["991"]);

      // Devices and goals are snapshots without a time: every key, whatever the range.
      expect(await store.recordKeys(U, "goals", 0, 1)).toEqual(["sleep", "steps", "weight"]);
      expect((await store.recordKeys(U, "devices", 0, 1)).length).toBe(
        expected("devices", rows.devices).length,
      );
    });

    it("streams every row once, by user then main instant, and lets writes through meanwhile", async () => {
      const history = longMeasureHistory();
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
        seen.push(`${user}|${naturalKey("measures", row)}`);
      }
      expect(seen.length).toBe(want + ofA);
      expect(new Set(seen).size).toBe(seen.length);
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
      expect(all.goals).toBe(6);
      expect(all.ecg_signal).toBe(6);
      expect((await store.counts("nobody")).measures).toBe(0);
    });

    it("lists the users that have rows or a sync state", async () => {
      expect(await store.users()).toEqual([]);
      await store.apply({ userId: "b", dataset: "goals", upsert: realRows().goals });
      await store.apply({ userId: "c", dataset: "intraday", state: { cursor: 5 } });
      await store.apply({ userId: "a", dataset: "ecg_signal", upsert: signalRows(7) });
      expect(await store.users()).toEqual(["a", "b", "c"]);
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
      expect(await store.apply({ userId: U, dataset: "ecg_signal", upsert: signal })).toEqual({
        added: 3,
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
        deleted: 1,
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
    });

    it("keeps rows and state across a close and a reopen (needs reopenable storage)", async ({
      skip,
    }) => {
      if (handle.reopen === undefined) skip("this store's storage cannot be reopened");
      const rows = realRows();
      for (const dataset of SYNC_DATASETS) {
        await store.apply({ userId: U, dataset, upsert: rows[dataset], state: { cursor: 42 } });
      }
      const before = await Promise.all(SYNC_DATASETS.map((d) => stored(store, d, U)));
      await store.close();
      store = await (handle.reopen as () => Promise<Store>)();
      expect(await Promise.all(SYNC_DATASETS.map((d) => stored(store, d, U)))).toEqual(before);
      expect(await store.getState(U, "sleep")).toEqual({
        cursor: 42,
        lastSyncAt: null,
        lastReconcileAt: null,
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
    });

    it.skipIf(factory.openCorrupt === undefined)(
      "refuses damaged storage with STORE_CORRUPT",
      async () => {
        const error = await (factory.openCorrupt as () => Promise<unknown>)();
        expect(isStoreError(error), String(error)).toBe(true);
        expect((error as { code: string }).code).toBe("STORE_CORRUPT");
      },
    );
  });
}
