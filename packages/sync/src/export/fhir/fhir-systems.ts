/**
 * The URIs an FHIR export writes: the standard terminologies it codes with, and the
 * project's own code systems, naming systems and extension for what has no standard code.
 *
 * The project's URIs all live under `https://withings-kit.dev/fhir/`. They belong to Withings
 * Kit, not to Withings or HL7: a receiver that does not know them can still read every
 * Observation through its LOINC coding (where one exists), its text and its UCUM unit.
 *
 * @example
 * ```ts
 * const weight = { system: fhirSystems.loinc, code: "29463-7" };
 * const own = { system: fhirSystems.measureType, code: "1" }; // the Withings type number
 * ```
 */
export const fhirSystems = Object.freeze({
  loinc: "http://loinc.org",
  ucum: "http://unitsofmeasure.org",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  dataAbsentReason: "http://terminology.hl7.org/CodeSystem/data-absent-reason",
  /** Project code system: the Withings measure type number (`measures[].type`) as the code. */
  measureType: "https://withings-kit.dev/fhir/CodeSystem/measure-type",
  /** Project code system: the Withings `attrib` number as the code. */
  attribution: "https://withings-kit.dev/fhir/CodeSystem/attribution",
  /** Project code system: the Withings atrial-fibrillation class (types 130 and 139). */
  afibClassification: "https://withings-kit.dev/fhir/CodeSystem/afib-classification",
  /** Project code system: the Withings `position` number of segmental measures. */
  bodyPosition: "https://withings-kit.dev/fhir/CodeSystem/body-position",
  /** Project extension on Observations: how Withings attributed the measure to the user. */
  attributionExtension: "https://withings-kit.dev/fhir/StructureDefinition/attribution",
  /** Project naming system of Patient identifiers: the Withings user id. */
  userId: "https://withings-kit.dev/fhir/NamingSystem/withings-user-id",
  /** Project naming system of Device identifiers: the Withings `deviceid`. */
  deviceId: "https://withings-kit.dev/fhir/NamingSystem/withings-device-id",
} as const);
