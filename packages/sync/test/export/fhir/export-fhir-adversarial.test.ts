import { Writable } from "node:stream";
import { type GetMeasBody, type MeasureGroup, toRows } from "@withings-kit/client";
import { describe, expect, it } from "vitest";
import { exportFhir, type Store } from "../../../src/index.js";
import { openSqliteStore } from "../../../src/sqlite.js";
import { exportText, filledStore, type Json, lines } from "./_fixtures.js";
import { broken, CORE } from "./_invariants.js";
import { validate } from "./_schema.js";

const t = (iso: string): number => Date.parse(iso) / 1000;

function group(
  grpid: number,
  date: string,
  measures: MeasureGroup["measures"],
  extra: Partial<MeasureGroup> = {},
): MeasureGroup {
  return {
    grpid,
    attrib: 0,
    date: t(date),
    created: t(date),
    modified: t(date),
    category: 1,
    measures,
    ...extra,
  };
}

/** Schema and invariant failures of every resource, as `id: reasons` lines. */
function invalid(resources: readonly Json[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const type = String(r["resourceType"]);
    const meta = r["meta"] as { profile?: string[] } | undefined;
    const failed = [
      ...validate(type, r),
      ...broken(r, [`${CORE}${type}`, ...(meta?.profile ?? [])]).failed,
    ];
    if (failed.length > 0) out.push(`${String(r["id"])}: ${failed.join("; ")}`);
  }
  return out;
}

/** The store, with a turn of the event loop before each row, as a networked database has. */
function slow(store: Store): Store {
  return {
    apply: (batch) => store.apply(batch),
    getState: (userId, dataset) => store.getState(userId, dataset),
    recordKeys: (userId, dataset, from, to) => store.recordKeys(userId, dataset, from, to),
    counts: (userId) => store.counts(userId),
    users: () => store.users(),
    units: (userId, dataset, options) => store.units(userId, dataset, options),
    lock: (userId, holder, options) => store.lock(userId, holder, options),
    unlock: (userId, holder) => store.unlock(userId, holder),
    close: () => store.close(),
    async *rows(query) {
      for await (const row of store.rows(query)) {
        await new Promise((resolve) => setImmediate(resolve));
        yield row;
      }
    },
  };
}

describe("exportFhir: values JSON cannot carry", () => {
  // JSON.stringify writes Infinity as null, and a Quantity whose value is null is invalid.
  it("leaves out a measure whose scaled value is not finite, and BMI over a zero height", async () => {
    const store = openSqliteStore(":memory:");
    const body: GetMeasBody = {
      timezone: "UTC",
      measuregrps: [
        group(1, "2024-01-01T08:00:00Z", [{ type: 4, value: 0, unit: 0 }], { attrib: 2 }),
        group(2, "2024-01-02T08:00:00Z", [{ type: 1, value: 80_000, unit: -3 }]),
        group(3, "2024-01-03T08:00:00Z", [
          { type: 1, value: 7, unit: 400 },
          { type: 11, value: 64, unit: 0 },
        ]),
      ],
    };
    await store.apply({ userId: "1", dataset: "measures", upsert: toRows("measures", body) });
    const { text, result } = await exportText(store);
    const resources = lines(text);
    expect(text).not.toMatch(/"value":null/);
    expect(invalid(resources)).toEqual([]);
    // The zero height and the weight are kept; the infinite weight is counted, not written.
    const values = resources
      .filter((r) => r["resourceType"] === "Observation")
      .map((r) => (r["valueQuantity"] as { value: number; code: string } | undefined)?.code);
    expect(values.sort()).toEqual(["/min", "cm", "kg"]);
    expect(result.skipped.incomplete).toBe(1);
    await store.close();
  });
});

describe("exportFhir: the output fails before the first byte", () => {
  // A file stream that cannot open (EACCES, ENOENT) emits `error` on a later turn, while the
  // first pass is still reading a networked store: it must reject the export, not crash.
  it("rejects with the writable's error when it fails during the first pass", async () => {
    const store = await filledStore();
    const out = new Writable({ write: (_chunk, _encoding, done) => done() });
    const exporting = exportFhir(slow(store), {}, out).catch((e: unknown) => e);
    setImmediate(() => out.destroy(Object.assign(new Error("open failed"), { code: "EACCES" })));
    const error = await exporting;
    expect(error).toMatchObject({ code: "EACCES", message: "open failed" });
    await store.close();
  });
});

describe("exportFhir: what held", () => {
  it("writes each zone's own offset: negative, half-hour, 45-minute, +14:00, DST days", async () => {
    const store = openSqliteStore(":memory:");
    const cases: [zone: string, utc: string, effective: string][] = [
      ["America/St_Johns", "2024-03-10T05:29:59Z", "2024-03-10T01:59:59-03:30"],
      ["America/St_Johns", "2024-03-10T05:30:00Z", "2024-03-10T03:00:00-02:30"],
      ["Asia/Kathmandu", "2024-03-10T05:30:00Z", "2024-03-10T11:15:00+05:45"],
      ["Pacific/Chatham", "2024-03-10T05:30:00Z", "2024-03-10T19:15:00+13:45"],
      ["Pacific/Marquesas", "2024-03-10T05:30:00Z", "2024-03-09T20:00:00-09:30"],
      ["Pacific/Kiritimati", "2024-03-10T05:30:00Z", "2024-03-10T19:30:00+14:00"],
      ["Etc/GMT+12", "2024-03-10T05:30:00Z", "2024-03-09T17:30:00-12:00"],
    ];
    let grpid = 0;
    for (const [zone, utc] of cases) {
      grpid++;
      const body = {
        timezone: zone,
        measuregrps: [group(grpid, utc, [{ type: 1, value: 70_000, unit: -3 }])],
      };
      await store.apply({
        userId: `u${grpid}`,
        dataset: "measures",
        upsert: toRows("measures", body),
      });
    }
    const resources = lines((await exportText(store)).text);
    const effective = resources
      .filter((r) => r["resourceType"] === "Observation")
      .map((r) => r["effectiveDateTime"]);
    expect(effective).toEqual(cases.map(([, , e]) => e));
    expect(invalid(resources)).toEqual([]);
    await store.close();
  });

  it("gives the same resources when groups straddle the store's pages", async () => {
    const paged = openSqliteStore(":memory:", { pageSize: 2 });
    const whole = openSqliteStore(":memory:");
    const weighIn = [
      { type: 1, value: 80_500, unit: -3 },
      { type: 6, value: 19_904, unit: -3 },
      { type: 8, value: 16_022, unit: -3 },
    ];
    // Three groups at one second, the BP split from its pulse by a page boundary.
    const body: GetMeasBody = {
      timezone: "Europe/Paris",
      measuregrps: [
        group(9, "2024-03-01T07:20:00Z", weighIn),
        group(10, "2024-03-01T07:20:00Z", [
          { type: 10, value: 120, unit: 0 },
          { type: 9, value: 80, unit: 0 },
          { type: 11, value: 64, unit: 0 },
        ]),
        group(11, "2024-03-01T07:20:00Z", [{ type: 4, value: 1800, unit: -3 }]),
      ],
    };
    for (const store of [paged, whole]) {
      await store.apply({ userId: "1", dataset: "measures", upsert: toRows("measures", body) });
    }
    const a = await exportText(paged);
    const b = await exportText(whole);
    expect(a.text).toBe(b.text);
    const obs = lines(a.text).filter((r) => r["resourceType"] === "Observation");
    expect(new Set(obs.map((r) => r["id"])).size).toBe(obs.length);
    // Four body measures, one BP panel, one pulse: nothing lost, nothing doubled.
    expect(obs).toHaveLength(6);
    await paged.close();
    await whole.close();
  });
});
