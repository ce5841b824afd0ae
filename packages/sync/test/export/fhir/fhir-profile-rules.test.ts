import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FhirProfileRule, fhirProfileRules, fhirSystems } from "../../../src/index.js";
import type { SqliteStore } from "../../../src/sqlite.js";
import { type ElementDefinition, structureDefinition, valueSetCodes } from "./_definitions.js";
import { exportText, filledStore, type Json, lines } from "./_fixtures.js";

/** The facts of one profile, read from its official StructureDefinition. */
function derive(url: string): FhirProfileRule & { readonly category: string | undefined } {
  const elements = structureDefinition(url).snapshot.element;
  const byId = new Map<string, ElementDefinition>(elements.map((e) => [e.id, e]));
  const fixed = (id: string): string | undefined => {
    const e = byId.get(id);
    const value = e?.["fixedCode"] ?? e?.["patternCode"] ?? e?.["fixedUri"];
    return typeof value === "string" ? value : undefined;
  };
  const codesOf = (prefix: string): string[] =>
    elements
      .filter((e) =>
        new RegExp(`^${escapeRegExp(prefix)}\\.code\\.coding:[^.]+\\.code$`).test(e.id),
      )
      .filter((e) => fixed(e.id.replace(/\.code$/, ".system")) === "http://loinc.org")
      .map((e) => fixed(e.id) as string);
  const unitsOf = (valueId: string): string[] => {
    const value = byId.get(valueId);
    if (value?.max === "0") return [];
    const code = fixed(`${valueId}.code`);
    if (code !== undefined) return [code];
    const binding = byId.get(`${valueId}.code`)?.binding;
    return binding?.strength === "required" && binding.valueSet !== undefined
      ? valueSetCodes(binding.valueSet)
      : [];
  };
  const components = elements
    .filter((e) => /^Observation\.component:[^.]+$/.test(e.id) && (e.min ?? 0) >= 1)
    .map((e) => ({
      slice: e.sliceName as string,
      loinc: codesOf(e.id)[0] as string,
      units: unitsOf(`${e.id}.value[x]`),
    }));
  return {
    profile: url,
    loinc: codesOf("Observation"),
    units: unitsOf("Observation.value[x]:valueQuantity"),
    unit: null,
    components,
    category: fixed("Observation.category:VSCat.coding.code"),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where a rule of the table disagrees with its profile, in words. */
function disagreements(rule: FhirProfileRule): string[] {
  const official = derive(rule.profile);
  const out: string[] = [];
  const same = (a: readonly unknown[], b: readonly unknown[]): boolean =>
    JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  if (!same(rule.loinc, official.loinc)) out.push(`loinc ${rule.loinc} vs ${official.loinc}`);
  if (!same(rule.units, official.units)) out.push(`units ${rule.units} vs ${official.units}`);
  if (rule.unit !== null && !official.units.includes(rule.unit)) out.push(`unit ${rule.unit}`);
  if (JSON.stringify(rule.components) !== JSON.stringify(official.components))
    out.push(`components ${JSON.stringify(rule.components)}`);
  if (official.category !== "vital-signs") out.push(`category ${official.category}`);
  return out;
}

const rules = Object.values(fhirProfileRules) as FhirProfileRule[];

describe("the profile table agrees with the official StructureDefinitions", () => {
  it.each(rules.map((r) => [r.profile, r] as const))("%s", (_url, rule) => {
    expect(disagreements(rule)).toEqual([]);
  });

  it("catches a wrong code, unit or component", () => {
    const height = fhirProfileRules.bodyheight;
    expect(disagreements({ ...height, loinc: ["8302-3"] })).not.toEqual([]);
    expect(disagreements({ ...height, units: ["m"], unit: "m" })).not.toEqual([]);
    expect(disagreements({ ...fhirProfileRules.oxygensat, loinc: ["59408-5"] })).not.toEqual([]);
    const bp = fhirProfileRules.bp;
    expect(disagreements({ ...bp, components: bp.components.slice(0, 1) })).not.toEqual([]);
  });

  it("every child extends vitalsigns, whose units bind the components", () => {
    for (const rule of rules) {
      if (rule === fhirProfileRules.vitalsigns) continue;
      expect(structureDefinition(rule.profile).baseDefinition).toBe(
        fhirProfileRules.vitalsigns.profile,
      );
    }
    const common = valueSetCodes("http://hl7.org/fhir/ValueSet/ucum-vitals-common");
    for (const rule of rules)
      for (const c of rule.components) expect(common).toEqual(expect.arrayContaining([...c.units]));
  });
});

type Coding = { system: string; code: string };
type Quantity = { value: number; system?: string; code?: string };
type Obs = {
  id: string;
  meta?: { profile: string[] };
  status?: string;
  category?: { coding: Coding[] }[];
  code: { coding: Coding[] };
  subject?: unknown;
  effectiveDateTime?: string;
  valueQuantity?: Quantity;
  component?: {
    code: { coding: Coding[] };
    valueQuantity?: Quantity;
    dataAbsentReason?: unknown;
  }[];
};

let store: SqliteStore;
let emitted: Obs[];
beforeAll(async () => {
  store = await filledStore();
  emitted = lines((await exportText(store)).text).filter(
    (r: Json) => r["resourceType"] === "Observation",
  ) as unknown as Obs[];
});
afterAll(async () => {
  await store.close();
});

const loincOf = (o: { code: { coding: Coding[] } }): string[] =>
  o.code.coding.filter((c) => c.system === fhirSystems.loinc).map((c) => c.code);

describe("every emitted Observation follows the table", () => {
  it("claims the profile its code calls for, and keeps its rules", () => {
    const used = new Set<string>();
    // Required by vitalsigns (min 1), read from the profile itself.
    const required = structureDefinition(fhirProfileRules.vitalsigns.profile)
      .snapshot.element.filter((e) => (e.min ?? 0) >= 1 && e.path.split(".").length === 2)
      .map((e) => e.path.split(".")[1]?.replace("[x]", "DateTime") as string);
    expect(required).toEqual(
      expect.arrayContaining(["status", "category", "code", "subject", "effectiveDateTime"]),
    );
    for (const o of emitted) {
      const codes = loincOf(o);
      const rule = rules.find(
        (r) => r.loinc.length > 0 && r.loinc.every((code) => codes.includes(code)),
      );
      const claimed = o.meta?.profile ?? [];
      if (rule === undefined) {
        expect(claimed, o.id).toEqual([]);
        continue;
      }
      used.add(rule.profile);
      expect(claimed, o.id).toEqual([rule.profile]);
      for (const key of new Set(required))
        expect(o[key as keyof Obs], `${o.id} ${key}`).toBeDefined();
      expect(
        o.category?.some((c) =>
          c.coding.some(
            (x) => x.system === fhirSystems.observationCategory && x.code === "vital-signs",
          ),
        ),
      ).toBe(true);
      if (rule.units.length === 0) expect(o.valueQuantity, o.id).toBeUndefined();
      else {
        expect(o.valueQuantity?.system).toBe(fhirSystems.ucum);
        expect(rule.units).toContain(o.valueQuantity?.code);
        expect(o.valueQuantity?.code).toBe(rule.unit);
      }
      for (const c of rule.components) {
        const matches = (o.component ?? []).filter((x) => loincOf(x).includes(c.loinc));
        expect(matches, `${o.id} ${c.slice}`).toHaveLength(1);
        const match = matches[0];
        if (match?.valueQuantity !== undefined) {
          expect(match.valueQuantity.system).toBe(fhirSystems.ucum);
          expect(c.units).toContain(match.valueQuantity.code);
        } else expect(match?.dataAbsentReason).toBeDefined();
      }
    }
    expect([...used].sort()).toEqual(
      rules
        .filter((r) => r.loinc.length > 0)
        .map((r) => r.profile)
        .sort(),
    );
  });

  it("writes SpO2 with both codes and height in cm", () => {
    const spo2 = emitted.find((o) => loincOf(o).includes("2708-6"));
    expect(spo2 === undefined ? [] : loincOf(spo2)).toEqual(["2708-6", "59408-5"]);
    const heights = emitted.filter((o) => loincOf(o).includes("8302-2"));
    expect(heights.length).toBeGreaterThan(0);
    for (const h of heights) expect(h.valueQuantity).toMatchObject({ value: 180, code: "cm" });
  });

  it("codes every non-LOINC value with the project code system", () => {
    for (const o of emitted) {
      const own = o.code.coding.filter((c) => c.system === fhirSystems.measureType);
      if (loincOf(o).length === 0) expect(own.length, o.id).toBe(1);
    }
  });
});
