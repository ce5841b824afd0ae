/**
 * One component a profile requires, as the exporter writes it.
 *
 * @example
 * ```ts
 * const c: FhirComponentRule = { slice: "SystolicBP", loinc: "8480-6", units: ["mm[Hg]"] };
 * ```
 */
export interface FhirComponentRule {
  /** The slice name in the profile. */
  readonly slice: string;
  readonly loinc: string;
  /** The UCUM codes the profile allows for the component's value. */
  readonly units: readonly string[];
}

/**
 * What one HL7 vital-signs profile (FHIR R4) demands of an Observation, as the exporter
 * follows it. A test derives the same facts from the official StructureDefinitions and
 * fails when they disagree.
 *
 * @example
 * ```ts
 * const rule = fhirProfileRules.bodyheight;
 * rule.units; // ["cm", "[in_i]"]: never "m"
 * ```
 */
export interface FhirProfileRule {
  /** The canonical URL written into `meta.profile`. */
  readonly profile: string;
  /** LOINC codes the profile fixes on `Observation.code` (all must be present). */
  readonly loinc: readonly string[];
  /** The UCUM codes the profile allows on `valueQuantity`; empty when it forbids a value. */
  readonly units: readonly string[];
  /** The unit this exporter writes (one of {@link FhirProfileRule.units}), or `null`. */
  readonly unit: string | null;
  /** Components the profile requires (each slice has `min` 1). */
  readonly components: readonly FhirComponentRule[];
}

const base = "http://hl7.org/fhir/StructureDefinition/";

/**
 * The vital-signs profiles of FHIR R4 (4.0.1) this exporter writes, keyed by the profile's
 * id. `vitalsigns` is the parent every other one extends: category `vital-signs`, a subject,
 * an effective time. The units are the profiles' own: a required value set where the
 * profile binds one (weight, height, temperature), else the fixed code.
 *
 * @example
 * ```ts
 * fhirProfileRules.bp.components.map((c) => c.loinc); // ["8480-6", "8462-4"]
 * fhirProfileRules.oxygensat.loinc; // ["2708-6"]; the exporter adds 59408-5 beside it
 * ```
 */
export const fhirProfileRules = Object.freeze({
  vitalsigns: rule("vitalsigns", [], [], null),
  bp: rule("bp", ["85354-9"], [], null, [
    { slice: "SystolicBP", loinc: "8480-6", units: ["mm[Hg]"] },
    { slice: "DiastolicBP", loinc: "8462-4", units: ["mm[Hg]"] },
  ]),
  heartrate: rule("heartrate", ["8867-4"], ["/min"], "/min"),
  oxygensat: rule("oxygensat", ["2708-6"], ["%"], "%"),
  bodytemp: rule("bodytemp", ["8310-5"], ["Cel", "[degF]"], "Cel"),
  bodyweight: rule("bodyweight", ["29463-7"], ["kg", "[lb_av]", "g"], "kg"),
  bodyheight: rule("bodyheight", ["8302-2"], ["cm", "[in_i]"], "cm"),
  bmi: rule("bmi", ["39156-5"], ["kg/m2"], "kg/m2"),
} as const satisfies Record<string, FhirProfileRule>);

function rule(
  id: string,
  loinc: readonly string[],
  units: readonly string[],
  unit: string | null,
  components: readonly FhirComponentRule[] = [],
): FhirProfileRule {
  return Object.freeze({
    profile: `${base}${id}`,
    loinc: Object.freeze([...loinc]),
    units: Object.freeze([...units]),
    unit,
    components: Object.freeze(components.map((c) => Object.freeze({ ...c }))),
  });
}
