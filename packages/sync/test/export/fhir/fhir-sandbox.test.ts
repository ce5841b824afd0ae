import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FhirProfileRule, fhirProfileRules, fhirSystems } from "../../../src/index.js";
import { createWorld, type World } from "../../engine/helpers/setup.js";
import { exportText, type Json, lines } from "./_fixtures.js";
import { broken, CORE } from "./_invariants.js";
import { validate } from "./_schema.js";

// Real data end to end: a vitals-study participant of the sandbox (BP monitor, thermometer,
// watch, scale) synced into SQLite by the engine, then exported.
let world: World;
let userId: string;
beforeAll(async () => {
  world = createWorld({ seed: 7 });
  const tokens = world.sandbox.createUser({ profile: "vitals-study", timezone: "Asia/Kolkata" });
  await world.client.saveTokens(tokens);
  userId = tokens.userid;
  await world.engine.run({ datasets: ["devices", "measures", "ecg"] });
});
afterAll(async () => {
  await world.close();
});

describe("FHIR export of a synced sandbox user", () => {
  it("is valid against the schema, the profiles' invariants and the table", async () => {
    const { text, result } = await exportText(world.store);
    const resources = lines(text);
    expect(result.observations).toBeGreaterThan(10);
    const profiles = new Set<string>();
    const sampled = new Map<string, number>();
    const offsets = new Set<string>();
    for (const resource of resources) {
      const type = String(resource["resourceType"]);
      const label = `${type}/${String(resource["id"])}`;
      expect(validate(type, resource), label).toEqual([]);
      const claimed = (resource["meta"] as { profile?: string[] } | undefined)?.profile ?? [];
      for (const p of claimed) profiles.add(p);
      // FHIRPath runs on a few resources of each kind: each takes milliseconds, and the
      // history holds thousands.
      const code = (resource["code"] as { coding?: { code: string }[] } | undefined)?.coding?.[0];
      const kind = `${type}|${code?.code ?? ""}`;
      const n = sampled.get(kind) ?? 0;
      if (n < 3) {
        sampled.set(kind, n + 1);
        expect(broken(resource as Json, [`${CORE}${type}`, ...claimed]).failed, label).toEqual([]);
      }
      if (type !== "Observation") continue;
      const rule = (Object.values(fhirProfileRules) as FhirProfileRule[]).find(
        (r) => r.profile === claimed[0],
      );
      const q = resource["valueQuantity"] as { system?: string; code?: string } | undefined;
      if (rule !== undefined && rule.unit !== null) expect(q?.code, label).toBe(rule.unit);
      if (q?.code !== undefined) expect(q.system).toBe(fhirSystems.ucum);
      // The participant travels: each reading keeps the offset it was taken at.
      expect(String(resource["effectiveDateTime"])).toMatch(/(Z|[+-]\d\d:\d\d)$/);
      offsets.add(String(resource["effectiveDateTime"]).slice(19));
    }
    expect(resources.filter((r) => r["resourceType"] === "Patient")).toEqual([
      {
        resourceType: "Patient",
        id: `withings-${userId}`,
        identifier: [{ system: fhirSystems.userId, value: userId }],
      },
    ]);
    expect(profiles.size).toBeGreaterThanOrEqual(3);
    expect(offsets).toContain("+05:30");
  });
});
