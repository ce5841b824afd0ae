import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqliteStore } from "../../../src/sqlite.js";
import { exportText, filledStore, type Json, lines } from "./_fixtures.js";
import { broken, CORE, checksFor } from "./_invariants.js";

let store: SqliteStore;
let resources: Json[];
let bundle: Json;
beforeAll(async () => {
  store = await filledStore();
  resources = lines((await exportText(store)).text);
  bundle = JSON.parse((await exportText(store, { form: "bundle" })).text) as Json;
});
afterAll(async () => {
  await store.close();
});

describe("FHIRPath invariants of the official StructureDefinitions", () => {
  it("are live: a broken resource fails them", () => {
    const obs = resources.find((r) => r["resourceType"] === "Observation") as Json;
    // vs-2: no value, no component, no dataAbsentReason.
    const { valueQuantity: _, valueCodeableConcept: __, ...bare } = obs as Record<string, unknown>;
    expect(broken(bare, [`${CORE}Observation`, `${CORE}vitalsigns`]).failed.join()).toMatch(/vs-2/);
    // qty-3: a unit code without its system.
    const noSystem = { ...obs, valueQuantity: { value: 1, code: "kg" } };
    expect(broken(noSystem, [`${CORE}Observation`]).failed.join()).toMatch(/qty-3/);
    // ele-1: an empty element.
    expect(broken({ ...obs, method: {} }, [`${CORE}Observation`]).failed.join()).toMatch(/ele-1/);
    // vs-1: a date without a day.
    const coarse = { ...obs, effectiveDateTime: "2024" };
    expect(broken(coarse, [`${CORE}Observation`, `${CORE}vitalsigns`]).failed.join()).toMatch(
      /vs-1/,
    );
  });

  it("hold on every exported resource, for its base type and the profiles it claims", () => {
    let ran = 0;
    for (const resource of resources) {
      const meta = resource["meta"] as { profile?: string[] } | undefined;
      const profiles = [`${CORE}${String(resource["resourceType"])}`, ...(meta?.profile ?? [])];
      const result = broken(resource, profiles);
      expect(
        result.failed,
        `${String(resource["resourceType"])}/${String(resource["id"])}`,
      ).toEqual([]);
      ran += result.ran;
    }
    expect(ran).toBeGreaterThan(1000);
  });

  it("hold on the transaction Bundle (bdl-*)", () => {
    const result = broken(bundle, [`${CORE}Bundle`]);
    expect(result.failed).toEqual([]);
    expect(checksFor([`${CORE}Bundle`]).map((c) => c.key)).toEqual(
      expect.arrayContaining(["bdl-1", "bdl-3", "bdl-7", "bdl-5", "bdl-8"]),
    );
  });
});
