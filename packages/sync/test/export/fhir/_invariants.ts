import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4";
import { structureDefinition, structureDefinitions } from "./_definitions.js";
import type { Json } from "./_fixtures.js";

export const CORE = "http://hl7.org/fhir/StructureDefinition/";

// Invariants fhirpath.js cannot run, each with the reason it is left out.
const NOT_RUN: ReadonlyMap<string, string> = new Map([
  // Narrative XHTML checks; the exporter writes no `text`.
  ["txt-1", "htmlChecks() is not implemented"],
  ["txt-2", "htmlChecks() on narrative only"],
]);

interface Check {
  readonly key: string;
  /** Where it applies, as a FHIRPath to the nodes (`Observation`, `Observation.component`). */
  readonly at: string;
  readonly expression: string;
}

/**
 * The error-severity invariants that apply to a resource claiming `profiles`: those of
 * every element of the profiles' snapshots (the base resource's included), plus the root
 * invariants of each complex data type at the elements of that type (Quantity's qty-3 on
 * `valueQuantity`, Reference's ref-1 on `subject`, …).
 */
export function checksFor(profiles: readonly string[]): Check[] {
  const seen = new Set<string>();
  const checks: Check[] = [];
  const add = (key: string, at: string, expression: string): void => {
    const id = `${key}@${at}`;
    if (seen.has(id) || NOT_RUN.has(key)) return;
    seen.add(id);
    checks.push({ key, at, expression });
  };
  for (const url of profiles) {
    for (const element of structureDefinition(url).snapshot.element) {
      const choice = element.path.endsWith("[x]");
      const path = element.path.replace("[x]", "");
      for (const c of element.constraint ?? []) {
        if (c.severity === "error" && c.expression !== undefined) add(c.key, path, c.expression);
      }
      if (!path.includes(".")) continue;
      for (const type of element.type ?? []) {
        // Primitive types' invariants are about the JSON form (ele-1 covers the rest).
        if (!/^[A-Z]/.test(type.code)) continue;
        const datatype = structureDefinitions().get(`${CORE}${type.code}`);
        const root = datatype?.snapshot.element[0];
        const at = choice ? `${path}.ofType(${type.code})` : path;
        for (const c of root?.constraint ?? []) {
          if (c.severity === "error" && c.expression !== undefined) add(c.key, at, c.expression);
        }
      }
    }
  }
  return checks;
}

/** The invariants `resource` breaks (empty when it keeps them all). */
export function broken(
  resource: Json,
  profiles: readonly string[],
): { failed: string[]; ran: number } {
  const failed: string[] = [];
  let ran = 0;
  for (const check of checksFor(profiles)) {
    const data = structuredClone(resource);
    const env = { resource: data, rootResource: data };
    let result: unknown[];
    try {
      result = fhirpath.evaluate(
        data,
        `${check.at}.all(${check.expression})`,
        env,
        r4,
        // dom-3 traces its working; keep it out of the test log.
        { traceFn: () => undefined },
      ) as unknown[];
    } catch (error) {
      failed.push(`${check.key} at ${check.at}: could not run (${String(error)})`);
      continue;
    }
    ran++;
    if (!(result.length === 1 && result[0] === true))
      failed.push(`${check.key} at ${check.at}: ${check.expression}`);
  }
  return { failed, ran };
}
