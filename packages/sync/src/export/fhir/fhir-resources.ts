// Hand-written FHIR R4 shapes, reduced to the elements this exporter writes. They type the
// output only; nothing here validates input.

/**
 * An R4 `Coding`.
 *
 * @example
 * ```ts
 * const c: FhirCoding = { system: "http://loinc.org", code: "8867-4", display: "Heart rate" };
 * ```
 */
export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/**
 * An R4 `CodeableConcept`.
 *
 * @example
 * ```ts
 * const cc: FhirCodeableConcept = { coding: [{ system: "http://loinc.org", code: "29463-7" }], text: "Weight" };
 * ```
 */
export interface FhirCodeableConcept {
  readonly coding?: readonly FhirCoding[];
  readonly text?: string;
}

/**
 * An R4 `Quantity` with a UCUM code (or, for a unit the catalogue does not know, a bare value).
 *
 * @example
 * ```ts
 * const q: FhirQuantity = { value: 180, unit: "cm", system: "http://unitsofmeasure.org", code: "cm" };
 * ```
 */
export interface FhirQuantity {
  readonly value: number;
  readonly unit?: string;
  readonly system?: string;
  readonly code?: string;
}

/**
 * An R4 `Reference`, always relative (`Type/id`) here.
 *
 * @example
 * ```ts
 * const r: FhirReference = { reference: "Patient/withings-42" };
 * ```
 */
export interface FhirReference {
  readonly reference: string;
}

/**
 * An R4 `Observation` as exported: vital signs carry `meta.profile`; values are a
 * `valueQuantity`, a `valueCodeableConcept` (atrial-fibrillation classes) or, for a
 * blood-pressure panel, components only.
 *
 * @example
 * ```ts
 * const o: FhirObservation = { resourceType: "Observation", id: "obs-1", status: "final",
 *   code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] },
 *   subject: { reference: "Patient/withings-42" }, effectiveDateTime: "2024-03-01T08:15:00+01:00",
 *   valueQuantity: { value: 64, unit: "/min", system: "http://unitsofmeasure.org", code: "/min" } };
 * ```
 */
export interface FhirObservation {
  readonly resourceType: "Observation";
  readonly id: string;
  readonly meta?: { readonly profile: readonly string[] };
  readonly extension?: readonly {
    readonly url: string;
    readonly valueCoding: FhirCoding;
  }[];
  readonly status: "final";
  readonly category?: readonly FhirCodeableConcept[];
  readonly code: FhirCodeableConcept;
  readonly subject: FhirReference;
  readonly effectiveDateTime?: string;
  readonly issued?: string;
  readonly valueQuantity?: FhirQuantity;
  readonly valueCodeableConcept?: FhirCodeableConcept;
  readonly bodySite?: FhirCodeableConcept;
  readonly method?: FhirCodeableConcept;
  readonly device?: FhirReference;
  readonly derivedFrom?: readonly FhirReference[];
  readonly component?: readonly {
    readonly code: FhirCodeableConcept;
    readonly valueQuantity?: FhirQuantity;
    readonly dataAbsentReason?: FhirCodeableConcept;
  }[];
}

/**
 * An R4 `Patient`: only the Withings user id, as an identifier. Withings Kit holds no names,
 * birth dates or tokens to put in it, and never would.
 *
 * @example
 * ```ts
 * const p: FhirPatient = { resourceType: "Patient", id: "withings-42",
 *   identifier: [{ system: "https://withings-kit.dev/fhir/NamingSystem/withings-user-id", value: "42" }] };
 * ```
 */
export interface FhirPatient {
  readonly resourceType: "Patient";
  readonly id: string;
  readonly identifier: readonly { readonly system: string; readonly value: string }[];
}

/**
 * An R4 `Device`: one per user and Withings device (a shared scale is one Device per user,
 * since `Device.patient` names one patient).
 *
 * @example
 * ```ts
 * const d: FhirDevice = { resourceType: "Device", id: "dev-…", manufacturer: "Withings",
 *   deviceName: [{ name: "BPM Core", type: "model-name" }], patient: { reference: "Patient/withings-42" } };
 * ```
 */
export interface FhirDevice {
  readonly resourceType: "Device";
  readonly id: string;
  readonly identifier?: readonly { readonly system: string; readonly value: string }[];
  readonly manufacturer: "Withings";
  readonly deviceName?: readonly { readonly name: string; readonly type: "model-name" }[];
  readonly modelNumber?: string;
  readonly type?: FhirCodeableConcept;
  readonly patient: FhirReference;
}

/**
 * Any resource an FHIR export writes.
 *
 * @example
 * ```ts
 * const r: FhirResource = JSON.parse(line);
 * if (r.resourceType === "Observation") console.log(r.code.text);
 * ```
 */
export type FhirResource = FhirObservation | FhirPatient | FhirDevice;
