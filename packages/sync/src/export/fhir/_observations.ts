import {
  afibClassifications,
  attributions,
  type EcgRow,
  type MeasureRow,
} from "@withings-kit/client";
import { scaleValue } from "@withings-kit/client/internal";
import { effectiveDateTime, fhirInstant } from "./_effective-date-time.js";
import { fhirId } from "./_fhir-id.js";
import { type MeasureCode, measureCode } from "./_measure-codes.js";
import { type FhirProfileRule, fhirProfileRules } from "./fhir-profile-rules.js";
import type {
  FhirCodeableConcept,
  FhirObservation,
  FhirQuantity,
  FhirReference,
} from "./fhir-resources.js";
import { fhirSystems } from "./fhir-systems.js";

/** What every Observation of one user shares. */
export interface ObservationContext {
  readonly userId: string;
  readonly subject: FhirReference;
  /** The Device reference of a row's device, if the export wrote one. */
  device(deviceid: string | null, model: string | null): FhirReference | undefined;
}

/** A weight or height just written, kept to derive BMI. */
export interface BodyMeasure {
  /** Kilograms or metres, exact. */
  readonly value: number;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly ref: FhirReference;
}

/** The Observations of one measure group, and the weight and height among them. */
export interface GroupObservations {
  readonly observations: FhirObservation[];
  readonly weight: BodyMeasure | undefined;
  readonly height: BodyMeasure | undefined;
}

const VITAL_SIGNS: FhirCodeableConcept = Object.freeze({
  coding: [
    { system: fhirSystems.observationCategory, code: "vital-signs", display: "Vital Signs" },
  ],
});
const EXAM: FhirCodeableConcept = Object.freeze({
  coding: [{ system: fhirSystems.observationCategory, code: "exam", display: "Exam" }],
});

// Entered by hand (2) or at account creation (4): no device measured them, so none is named.
const MANUAL: ReadonlySet<number> = new Set([2, 4]);

const SYSTOLIC = 10;
const DIASTOLIC = 9;

/**
 * The Observations of one measure group (rows sharing a `grpid`, category 1, dated).
 * Systolic and diastolic become one blood-pressure panel, as the `bp` profile requires;
 * every other measure, a heart rate taken with them included, is its own Observation.
 */
export function groupObservations(
  rows: readonly MeasureRow[],
  ctx: ObservationContext,
): GroupObservations {
  const first = rows[0];
  const observations: FhirObservation[] = [];
  if (first === undefined) return { observations, weight: undefined, height: undefined };
  const effective = effectiveDateTime(first.date, first.offsetMinutes) as string;
  const at = Date.parse(first.date as string);
  const common = commonParts(first, effective, ctx);
  const seen = new Map<string, number>();
  const systolic: MeasureRow[] = [];
  const diastolic: MeasureRow[] = [];
  let weight: BodyMeasure | undefined;
  let height: BodyMeasure | undefined;
  for (const row of rows) {
    if (row.type === SYSTOLIC) systolic.push(row);
    else if (row.type === DIASTOLIC) diastolic.push(row);
    else {
      // A group may repeat a (type, position) (the store keeps each occurrence): the
      // occurrence number keeps their ids apart.
      const key = `${row.type}|${row.position ?? ""}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const id = fhirId("obs", [
        ctx.userId,
        "measure",
        row.grpid,
        row.type,
        row.position ?? "",
        occurrence,
      ]);
      observations.push(measureObservation(id, row, common));
      const ref = { reference: `Observation/${id}` };
      if (row.type === 1 && occurrence === 0)
        weight = { value: scaleValue(row.rawValue, row.rawUnit), at, ref };
      if (row.type === 4 && occurrence === 0)
        height = { value: scaleValue(row.rawValue, row.rawUnit), at, ref };
    }
  }
  const panels = Math.max(systolic.length, diastolic.length);
  for (let i = 0; i < panels; i++) {
    const id = fhirId("obs", [ctx.userId, "bp", first.grpid, i]);
    observations.push(bloodPressure(id, systolic[i], diastolic[i], common));
  }
  return { observations, weight, height };
}

/**
 * BMI from a weight and the latest height measured at or before it. Withings has no BMI
 * measure type; the profile's unit is kg/m2, rounded to one decimal as BMI is reported.
 */
export function bmiObservation(
  grpid: number,
  first: MeasureRow,
  weight: BodyMeasure,
  height: BodyMeasure,
  ctx: ObservationContext,
): FhirObservation | undefined {
  const rule = fhirProfileRules.bmi;
  const id = fhirId("obs", [ctx.userId, "bmi", grpid]);
  const bmi = Math.round((weight.value / (height.value * height.value)) * 10) / 10;
  // A zero height gives Infinity or NaN, which JSON would write as null.
  if (!Number.isFinite(bmi)) return undefined;
  return {
    resourceType: "Observation",
    id,
    meta: { profile: [rule.profile] },
    status: "final",
    category: [VITAL_SIGNS],
    code: {
      coding: [{ system: fhirSystems.loinc, code: "39156-5", display: "Body mass index" }],
      text: "Body mass index",
    },
    subject: ctx.subject,
    effectiveDateTime: effectiveDateTime(first.date, first.offsetMinutes) as string,
    valueQuantity: { value: bmi, unit: "kg/m2", system: fhirSystems.ucum, code: "kg/m2" },
    method: { text: "Computed by Withings Kit from this weight and the latest height before it" },
    derivedFrom: [weight.ref, height.ref],
  };
}

/**
 * The Observations of one ECG recording: its average heart rate (the heart-rate profile)
 * and its atrial-fibrillation result (the project code of type 130, ECG). The recording's
 * blood pressure (BPM Core) is not repeated: the same reading is a measure group too.
 */
export function ecgObservations(row: EcgRow, ctx: ObservationContext): FhirObservation[] {
  const effective = effectiveDateTime(row.timestamp, row.offsetMinutes);
  if (effective === undefined || row.signalid === null) return [];
  const device = ctx.device(row.deviceid, row.modelName);
  const shared = {
    subject: ctx.subject,
    effectiveDateTime: effective,
    ...(device === undefined ? {} : { device }),
  };
  const out: FhirObservation[] = [];
  if (row.heart_rate !== null) {
    const hr = measureCode(11);
    out.push({
      resourceType: "Observation",
      id: fhirId("obs", [ctx.userId, "ecg", row.signalid, "heart-rate"]),
      ...profileParts(hr.rule),
      status: "final",
      category: [VITAL_SIGNS],
      code: { coding: hr.coding, text: "Heart rate (ECG recording)" },
      ...shared,
      valueQuantity: quantity(row.heart_rate, hr),
    });
  }
  if (row.afib !== null) {
    const afib = measureCode(130);
    out.push({
      resourceType: "Observation",
      id: fhirId("obs", [ctx.userId, "ecg", row.signalid, "afib"]),
      status: "final",
      category: [EXAM],
      code: { coding: afib.coding, text: afib.info.name },
      ...shared,
      valueCodeableConcept: afibValue(row.afib),
    });
  }
  return out;
}

interface CommonParts {
  readonly subject: FhirReference;
  readonly effectiveDateTime: string;
  readonly issued?: string;
  readonly device?: FhirReference;
  readonly extension: NonNullable<FhirObservation["extension"]>;
}

function commonParts(first: MeasureRow, effective: string, ctx: ObservationContext): CommonParts {
  const issued = fhirInstant(first.created);
  const device = MANUAL.has(first.attrib) ? undefined : ctx.device(first.deviceid, first.model);
  const info = attributions.get(first.attrib);
  return {
    subject: ctx.subject,
    effectiveDateTime: effective,
    ...(issued === undefined ? {} : { issued }),
    ...(device === undefined ? {} : { device }),
    extension: [
      {
        url: fhirSystems.attributionExtension,
        valueCoding: {
          system: fhirSystems.attribution,
          code: String(first.attrib),
          ...(info === undefined ? {} : { display: info.description }),
        },
      },
    ],
  };
}

function profileParts(rule: FhirProfileRule | undefined): Pick<FhirObservation, "meta"> {
  return rule === undefined ? {} : { meta: { profile: [rule.profile] } };
}

/**
 * The value an Observation of `row` carries, in the unit it is written in. Not finite for an
 * exponent past a double's range: JSON would write `null`, so such rows are not exported.
 */
export function measureValue(row: MeasureRow): number {
  return scaleValue(row.rawValue, row.rawUnit + measureCode(row.type).shift);
}

function measureObservation(id: string, row: MeasureRow, common: CommonParts): FhirObservation {
  const mc = measureCode(row.type);
  const value = measureValue(row);
  return {
    resourceType: "Observation",
    id,
    ...profileParts(mc.rule),
    extension: common.extension,
    status: "final",
    category: [mc.rule === undefined ? EXAM : VITAL_SIGNS],
    code: { coding: mc.coding, text: mc.info.name },
    subject: common.subject,
    effectiveDateTime: common.effectiveDateTime,
    ...(common.issued === undefined ? {} : { issued: common.issued }),
    ...(mc.coded
      ? { valueCodeableConcept: afibValue(value) }
      : { valueQuantity: quantity(value, mc) }),
    ...(row.position === null
      ? {}
      : {
          bodySite: {
            coding: [{ system: fhirSystems.bodyPosition, code: String(row.position) }],
          },
        }),
    ...(common.device === undefined ? {} : { device: common.device }),
  };
}

function bloodPressure(
  id: string,
  systolic: MeasureRow | undefined,
  diastolic: MeasureRow | undefined,
  common: CommonParts,
): FhirObservation {
  const rule = fhirProfileRules.bp;
  return {
    resourceType: "Observation",
    id,
    meta: { profile: [rule.profile] },
    extension: common.extension,
    status: "final",
    category: [VITAL_SIGNS],
    code: {
      coding: [
        {
          system: fhirSystems.loinc,
          code: "85354-9",
          display: "Blood pressure panel with all children optional",
        },
      ],
      text: "Blood pressure",
    },
    subject: common.subject,
    effectiveDateTime: common.effectiveDateTime,
    ...(common.issued === undefined ? {} : { issued: common.issued }),
    ...(common.device === undefined ? {} : { device: common.device }),
    component: [bpComponent(SYSTOLIC, systolic), bpComponent(DIASTOLIC, diastolic)],
  };
}

// The profile requires both components; a half reading keeps the other one, marked absent.
function bpComponent(
  type: number,
  row: MeasureRow | undefined,
): NonNullable<FhirObservation["component"]>[number] {
  const mc = measureCode(type);
  const code = { coding: mc.coding, text: mc.info.name };
  if (row === undefined) {
    return {
      code,
      dataAbsentReason: {
        coding: [{ system: fhirSystems.dataAbsentReason, code: "unknown", display: "Unknown" }],
      },
    };
  }
  return { code, valueQuantity: quantity(scaleValue(row.rawValue, row.rawUnit), mc) };
}

function quantity(value: number, mc: MeasureCode): FhirQuantity {
  if (mc.ucum === "") return { value };
  return { value, unit: mc.unitText, system: fhirSystems.ucum, code: mc.ucum };
}

function afibValue(value: number): FhirCodeableConcept {
  const info = afibClassifications.get(value);
  return {
    coding: [
      {
        system: fhirSystems.afibClassification,
        code: String(value),
        ...(info === undefined ? {} : { display: info.name }),
      },
    ],
    ...(info === undefined ? {} : { text: info.name }),
  };
}
