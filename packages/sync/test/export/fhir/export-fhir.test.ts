import { toRows } from "@withings-kit/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { effectiveDateTime } from "../../../src/export/fhir/_effective-date-time.js";
import {
  exportFhir,
  type FhirExportOptions,
  fhirSystems,
  isStoreError,
} from "../../../src/index.js";
import { openSqliteStore, type SqliteStore } from "../../../src/sqlite.js";
import {
  BPM,
  exportText,
  filledStore,
  type Json,
  lines,
  Sink,
  USER_A,
  USER_B,
} from "./_fixtures.js";

let store: SqliteStore;
beforeEach(async () => {
  store = await filledStore();
});
afterEach(async () => {
  await store.close();
});

type Coding = { system: string; code: string };
type Obs = Json & {
  id: string;
  code: { coding: Coding[] };
  valueQuantity?: { value: number; code?: string };
  effectiveDateTime: string;
  subject: { reference: string };
  device?: { reference: string };
  extension?: { url: string; valueCoding: Coding }[];
  derivedFrom?: { reference: string }[];
  component?: { valueQuantity?: { value: number } }[];
};

const observations = (resources: Json[]): Obs[] =>
  resources.filter((r) => r["resourceType"] === "Observation") as Obs[];
const withCode = (o: Obs, code: string): boolean => o.code.coding.some((c) => c.code === code);
const ofUser = (o: Obs, user: string): boolean =>
  o.subject.reference === `Patient/withings-${user}`;

describe("exportFhir: NDJSON", () => {
  it("writes one resource a line: Patients, then Devices once each, then Observations", async () => {
    const { text, result } = await exportText(store);
    expect(text.endsWith("\n")).toBe(true);
    const resources = lines(text);
    const kinds = resources.map((r) => r["resourceType"]);
    expect(kinds.lastIndexOf("Patient")).toBeLessThan(kinds.indexOf("Device"));
    expect(kinds.lastIndexOf("Device")).toBeLessThan(kinds.indexOf("Observation"));
    expect(kinds.filter((k) => k === "Patient")).toHaveLength(2);
    const ids = resources.map((r) => `${String(r["resourceType"])}/${String(r["id"])}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result).toEqual({
      resources: resources.length,
      observations: kinds.filter((k) => k === "Observation").length,
      bytes: Buffer.byteLength(text),
      skipped: { notReal: 0, ambiguous: 1, incomplete: 0 },
    });
    // Every reference resolves within the export.
    const known = new Set(ids);
    const refs = text.match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) expect(known).toContain(ref.slice(13, -1));
  });

  it("gives a device shared by two users one Device per user", async () => {
    const devices = lines((await exportText(store)).text).filter(
      (r) => r["resourceType"] === "Device",
    );
    const bpms = devices.filter((d) => JSON.stringify(d["identifier"] ?? []).includes(BPM));
    expect(bpms.map((d) => (d["patient"] as { reference: string }).reference).sort()).toEqual([
      `Patient/withings-${USER_A}`,
      `Patient/withings-${USER_B}`,
    ]);
    expect(bpms[0]?.["id"]).not.toBe(bpms[1]?.["id"]);
    // The devices dataset adds the kind where it lists the device.
    expect(bpms.map((d) => d["type"])).toEqual([{ text: "Blood Pressure Monitor" }, undefined]);
  });

  it("keeps the Patient to an identifier: no names, no tokens", async () => {
    const patients = lines((await exportText(store)).text).filter(
      (r) => r["resourceType"] === "Patient",
    );
    expect(patients[0]).toEqual({
      resourceType: "Patient",
      id: `withings-${USER_A}`,
      identifier: [{ system: fhirSystems.userId, value: USER_A }],
    });
  });

  it("exports one user, or a time range, on request", async () => {
    const one = lines((await exportText(store, { userId: USER_B })).text);
    expect(one.filter((r) => r["resourceType"] === "Patient")).toHaveLength(1);
    expect(observations(one).every((o) => ofUser(o, USER_B))).toBe(true);
    const from = Date.parse("2024-03-02T00:00:00Z") / 1000;
    const to = Date.parse("2024-03-03T00:00:00Z") / 1000;
    const day = observations(lines((await exportText(store, { from, to })).text));
    expect(day.length).toBeGreaterThan(0);
    for (const o of day) expect(o.effectiveDateTime.slice(0, 10)).toBe("2024-03-02");
  });
});

describe("exportFhir: Bundle", () => {
  it("is a transaction whose entries PUT each resource to its own id", async () => {
    const { text, result } = await exportText(store, { form: "bundle" });
    const bundle = JSON.parse(text) as {
      resourceType: string;
      type: string;
      entry: {
        fullUrl: string;
        resource: { resourceType: string; id: string };
        request: { method: string; url: string };
      }[];
    };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("transaction");
    expect(bundle.entry).toHaveLength(result.resources);
    for (const e of bundle.entry) {
      expect(e.request).toEqual({
        method: "PUT",
        url: `${e.resource.resourceType}/${e.resource.id}`,
      });
      expect(e.fullUrl).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(bundle.entry.length);
    // The same resources as the NDJSON form, in the same order.
    const ndjson = lines((await exportText(store)).text);
    expect(bundle.entry.map((e) => e.resource)).toEqual(ndjson);
    expect(result.bytes).toBe(Buffer.byteLength(text));
  });

  it("streams with backpressure: a slow, small writable gets the same bytes", async () => {
    const fast = (await exportText(store, { form: "bundle" })).text;
    const slow = new Sink({ highWaterMark: 16, delay: true });
    await exportFhir(store, { form: "bundle" }, slow);
    expect(slow.text).toBe(fast);
  });
});

describe("exportFhir: stable ids", () => {
  it("gives identical output twice, and keeps ids when a value is edited", async () => {
    const first = (await exportText(store)).text;
    expect((await exportText(store)).text).toBe(first);
    const edited = await filledStore({ weight: 80123 });
    try {
      const before = observations(lines(first));
      const after = observations(lines((await exportText(edited)).text));
      expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
      const weight = (list: Obs[]) => list.find((o) => ofUser(o, USER_A) && withCode(o, "29463-7"));
      expect(weight(before)?.valueQuantity?.value).toBe(80.5);
      expect(weight(after)?.valueQuantity?.value).toBe(80.123);
      expect(weight(after)?.id).toBe(weight(before)?.id);
    } finally {
      await edited.close();
    }
  });

  it("never gives two users the same id, even for the same grpid", async () => {
    const all = observations(lines((await exportText(store)).text));
    const a = new Set(all.filter((o) => ofUser(o, USER_A)).map((o) => o.id));
    const b = all.filter((o) => ofUser(o, USER_B)).map((o) => o.id);
    expect(b.length).toBeGreaterThan(0);
    for (const id of b) expect(a.has(id)).toBe(false);
    for (const o of all) expect(o.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });
});

describe("exportFhir: mapping", () => {
  it("converts height from metres to centimetres exactly", async () => {
    const heights = observations(lines((await exportText(store)).text)).filter((o) =>
      withCode(o, "8302-2"),
    );
    expect(heights.map((h) => h.valueQuantity)).toEqual([
      { value: 180, unit: "cm", system: fhirSystems.ucum, code: "cm" },
      { value: 180, unit: "cm", system: fhirSystems.ucum, code: "cm" },
    ]);
    // Values whose float product with 100 is noisy (1.13 * 100 = 112.99999999999999).
    const odd = openSqliteStore(":memory:");
    try {
      const body = {
        timezone: "UTC",
        measuregrps: [
          {
            grpid: 1,
            attrib: 0,
            date: 1_700_000_000,
            category: 1,
            measures: [{ type: 4, value: 113, unit: -2 }],
          },
          {
            grpid: 2,
            attrib: 0,
            date: 1_700_000_100,
            category: 1,
            measures: [{ type: 4, value: 1801, unit: -3 }],
          },
          {
            grpid: 3,
            attrib: 0,
            date: 1_700_000_200,
            category: 1,
            measures: [{ type: 4, value: 17, unit: -1 }],
          },
        ],
      };
      await odd.apply({ userId: "7", dataset: "measures", upsert: toRows("measures", body) });
      const values = observations(lines((await exportText(odd)).text)).map(
        (o) => o.valueQuantity?.value,
      );
      expect(values).toEqual([113, 180.1, 170]);
      expect(1.13 * 100).not.toBe(113); // what a naive conversion would have written
    } finally {
      await odd.close();
    }
  });

  it("writes the record's own offset, including a half-hour zone", async () => {
    const all = observations(lines((await exportText(store)).text));
    const bpA = all.find((o) => ofUser(o, USER_A) && withCode(o, "85354-9"));
    const bpB = all.find((o) => ofUser(o, USER_B) && withCode(o, "85354-9"));
    expect(bpA?.effectiveDateTime).toBe("2024-03-01T08:15:00+01:00");
    expect(bpB?.effectiveDateTime).toBe("2024-03-01T08:35:00+05:30");
    expect(effectiveDateTime("2024-03-01T07:15:00Z", null)).toBe("2024-03-01T07:15:00Z");
    expect(effectiveDateTime("2024-07-01T07:15:00Z", -420)).toBe("2024-07-01T00:15:00-07:00");
    expect(effectiveDateTime("2024-03-01T07:15:00Z", 20 * 60)).toBe("2024-03-01T07:15:00Z");
    expect(effectiveDateTime(null, 60)).toBeUndefined();
  });

  it("makes one BP panel per group, and the pulse taken with it its own heart rate", async () => {
    const a = observations(lines((await exportText(store)).text)).filter((o) => ofUser(o, USER_A));
    const panel = a.find(
      (o) => withCode(o, "85354-9") && o.effectiveDateTime.startsWith("2024-03-01"),
    );
    expect(panel?.component?.map((c) => c.valueQuantity?.value)).toEqual([120, 80]);
    const pulse = a.find(
      (o) => withCode(o, "8867-4") && o.effectiveDateTime === panel?.effectiveDateTime,
    );
    expect(pulse?.valueQuantity).toMatchObject({ value: 64, code: "/min" });
    expect(pulse?.device).toEqual(panel?.device);
    // No systolic or diastolic Observation stands alone.
    expect(a.filter((o) => o.code.coding[0]?.code === "8480-6")).toEqual([]);
  });

  it("flags manual entries, leaves out objectives and ambiguous readings", async () => {
    const a = observations(lines((await exportText(store)).text)).filter((o) => ofUser(o, USER_A));
    const weights = a.filter((o) => withCode(o, "29463-7"));
    expect(weights.map((w) => w.valueQuantity?.value)).toEqual([80.5, 81]);
    const manual = weights[1];
    expect(manual?.extension?.[0]?.valueCoding).toMatchObject({
      system: fhirSystems.attribution,
      code: "2",
    });
    expect(manual?.device).toBeUndefined();
    expect(weights[0]?.extension?.[0]?.valueCoding.code).toBe("0");
    const { text, result } = await exportText(store, { includeAmbiguous: true });
    const all = observations(lines(text)).filter(
      (o) => withCode(o, "29463-7") && ofUser(o, USER_A),
    );
    expect(all.map((w) => w.valueQuantity?.value)).toEqual([80.5, 81, 62]);
    expect(result.skipped.ambiguous).toBe(0);
  });

  it("derives BMI from a weight and the latest earlier height", async () => {
    const all = observations(lines((await exportText(store)).text));
    const bmi = all.filter((o) => withCode(o, "39156-5"));
    expect(bmi.map((o) => [o.subject.reference, o.valueQuantity?.value])).toEqual([
      [`Patient/withings-${USER_A}`, 24.8], // 80.5 / 1.8²
      [`Patient/withings-${USER_A}`, 25], // 81 / 1.8²
      [`Patient/withings-${USER_B}`, 22.2], // 72 / 1.8²
    ]);
    const ids = new Set(all.map((o) => `Observation/${o.id}`));
    for (const o of bmi)
      for (const ref of o.derivedFrom ?? []) expect(ids).toContain(ref.reference);
  });

  it("exports ECG recordings' heart rate and AFib class", async () => {
    const a = observations(lines((await exportText(store)).text)).filter((o) => ofUser(o, USER_A));
    const ecgHr = a.filter((o) => withCode(o, "8867-4") && o["issued"] === undefined);
    expect(ecgHr.map((o) => o.valueQuantity?.value)).toEqual([68, 91]);
    const afib = a.filter((o) => withCode(o, "130"));
    expect(afib.map((o) => (o["valueCodeableConcept"] as { text: string }).text)).toEqual([
      "Negative",
      "Negative",
      "Positive",
    ]);
  });
});

describe("exportFhir: errors", () => {
  it("rejects bad options with STORE_INVALID_ARGUMENT", async () => {
    const bad: unknown[] = [{ form: "xml" }, { from: Number.NaN }, { userId: "" }, null];
    for (const options of bad) {
      const error = await exportFhir(store, options as FhirExportOptions, new Sink()).catch(
        (e: unknown) => e,
      );
      expect(isStoreError(error) && error.code).toBe("STORE_INVALID_ARGUMENT");
    }
  });

  it("fails with STORE_IO when the output closes early", async () => {
    const sink = new Sink();
    sink.destroy();
    const error = await exportFhir(store, {}, sink).catch((e: unknown) => e);
    expect(isStoreError(error) && error.code).toBe("STORE_IO");
  });
});
