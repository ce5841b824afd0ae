import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqliteStore } from "../../../src/sqlite.js";
import { exportText, filledStore, type Json, lines } from "./_fixtures.js";
import { validate } from "./_schema.js";

let store: SqliteStore;
beforeAll(async () => {
  store = await filledStore();
});
afterAll(async () => {
  await store.close();
});

describe("FHIR R4 JSON Schema", () => {
  it("rejects what it should (the validator is live)", () => {
    expect(validate("Observation", { resourceType: "Observation", status: "final" })).not.toEqual(
      [],
    );
    expect(
      validate("Observation", {
        resourceType: "Observation",
        id: "bad id!",
        status: "final",
        code: { text: "x" },
      }),
    ).not.toEqual([]);
    expect(
      validate("Patient", { resourceType: "Patient", id: "p", identifier: [{ value: "" }] }),
    ).not.toEqual([]);
  });

  it("accepts every resource of the NDJSON export", async () => {
    const resources = lines((await exportText(store)).text);
    expect(resources.length).toBeGreaterThan(30);
    const types = new Set<string>();
    for (const resource of resources) {
      const type = resource["resourceType"] as string;
      types.add(type);
      expect(validate(type, resource), `${type}/${String(resource["id"])}`).toEqual([]);
    }
    expect([...types].sort()).toEqual(["Device", "Observation", "Patient"]);
  });

  it("accepts the transaction Bundle as a whole", async () => {
    const bundle = JSON.parse((await exportText(store, { form: "bundle" })).text) as Json;
    expect(validate("Bundle", bundle)).toEqual([]);
  });

  it("accepts an empty Bundle", async () => {
    const bundle = JSON.parse((await exportText(store, { form: "bundle", userId: "nobody" })).text);
    // FHIR JSON forbids empty arrays, so there is no `entry` at all.
    expect(bundle).toEqual({ resourceType: "Bundle", type: "transaction" });
    expect(validate("Bundle", bundle)).toEqual([]);
  });
});
