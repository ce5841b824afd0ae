import { type MeasureTypeInfo, measureType } from "@withings-kit/client";
import { type FhirProfileRule, fhirProfileRules } from "./fhir-profile-rules.js";
import type { FhirCoding } from "./fhir-resources.js";
import { fhirSystems } from "./fhir-systems.js";

/** How one Withings measure type becomes an Observation. */
export interface MeasureCode {
  readonly info: MeasureTypeInfo;
  /** The vital-signs profile it follows, if any (then its category is `vital-signs`). */
  readonly rule: FhirProfileRule | undefined;
  /** `code.coding`: LOINC first (where known), then the project's Withings type code. */
  readonly coding: readonly FhirCoding[];
  /** The UCUM code written, or `""` for a bare value (a unit the catalogue does not know). */
  readonly ucum: string;
  /** The unit text written beside it. */
  readonly unitText: string;
  /** Decimal places to shift the stored value by (height: metres to centimetres, 2). */
  readonly shift: number;
  /** Atrial-fibrillation classes: a coded value, not a quantity. */
  readonly coded: boolean;
}

// Types that follow a vital-signs profile. Every other type keeps the catalogue's LOINC
// (where it has one) and UCUM unit, with category `exam` and no profile claimed.
const VITALS: ReadonlyMap<
  number,
  { readonly rule: FhirProfileRule; readonly extra?: string; readonly shift?: number }
> = new Map([
  [1, { rule: fhirProfileRules.bodyweight }],
  // The profile allows cm or [in_i] only: Withings' metres would fail it (shift by 10^2).
  [4, { rule: fhirProfileRules.bodyheight, shift: 2 }],
  [11, { rule: fhirProfileRules.heartrate }],
  // The profile fixes 2708-6 (arterial saturation); 59408-5 (by pulse oximetry) says how
  // Withings measured it, so both are written.
  [54, { rule: fhirProfileRules.oxygensat, extra: "59408-5" }],
  [71, { rule: fhirProfileRules.bodytemp }],
]);

const CODED: ReadonlySet<number> = new Set([130, 139]);

const cache = new Map<number, MeasureCode>();

/** The mapping of a Withings measure type (cached; unknown types get a project code only). */
export function measureCode(type: number): MeasureCode {
  let code = cache.get(type);
  if (code !== undefined) return code;
  const info = measureType(type);
  const vital = VITALS.get(type);
  const coding: FhirCoding[] = [];
  if (vital !== undefined) {
    for (const loinc of vital.rule.loinc)
      coding.push({ system: fhirSystems.loinc, code: loinc, display: info.name });
    if (vital.extra !== undefined)
      coding.push({ system: fhirSystems.loinc, code: vital.extra, display: info.name });
  } else if (info.loinc !== undefined) {
    coding.push({ system: fhirSystems.loinc, code: info.loinc, display: info.name });
  }
  coding.push({ system: fhirSystems.measureType, code: String(type), display: info.name });
  const ucum = vital?.rule.unit ?? info.ucum;
  code = Object.freeze({
    info,
    rule: vital?.rule,
    coding: Object.freeze(coding),
    ucum,
    unitText: vital === undefined ? info.unit || ucum : ucum,
    shift: vital?.shift ?? 0,
    coded: CODED.has(type),
  });
  // Bounded: a stream of distinct unknown codes must not grow it forever.
  if (cache.size >= 1024) cache.clear();
  cache.set(type, code);
  return code;
}
