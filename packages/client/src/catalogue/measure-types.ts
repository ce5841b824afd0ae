import { frozenMap } from "./_frozen-map.js";
import { type ImperialConversion, imperialConversions } from "./imperial-conversions.js";

/**
 * Where a measure type's meaning comes from (reference §2.5):
 * - `spec`: Withings' own OpenAPI document;
 * - `client`: a maintained client library only (aiowithings);
 * - `unconfirmed`: a secondary source only (newer U-Scan codes);
 * - `unknown`: a code this catalogue does not know (see {@link measureType}).
 *
 * @example
 * ```ts
 * if (measureType(code).source === "unconfirmed") warn(code);
 * ```
 */
export type MeasureTypeSource = "spec" | "client" | "unconfirmed" | "unknown";

/**
 * What a `measures[].type` code means and how to display its scaled value.
 *
 * @example
 * ```ts
 * const w: MeasureTypeInfo = measureType(1);
 * `${w.name} in ${w.unit} (UCUM ${w.ucum}, LOINC ${w.loinc})`; // "Weight in kg (UCUM kg, LOINC 29463-7)"
 * ```
 */
export interface MeasureTypeInfo {
  /** The Withings type code. */
  readonly code: number;
  /** A stable camelCase identifier, e.g. `diastolicBloodPressure`; `type<code>` when unknown. */
  readonly key: string;
  /** An English label. */
  readonly name: string;
  /** The display unit of `value × 10^unit`, e.g. `kg`; `""` for classes and pure numbers. */
  readonly unit: string;
  /** The UCUM code of {@link MeasureTypeInfo.unit}; `""` when the code is unknown. */
  readonly ucum: string;
  /** The LOINC code, only where it is certain; absent otherwise. */
  readonly loinc?: string;
  /** How to show it in imperial units, for kg, m and °C types. */
  readonly imperial?: ImperialConversion;
  /** False for rows the reference marks UNCONFIRMED, and for unknown codes. */
  readonly confirmed: boolean;
  /** False where the meaning is known but the unit is not (reference §9.11). */
  readonly unitConfirmed: boolean;
  readonly source: MeasureTypeSource;
  /** False only for the placeholder {@link measureType} returns for an unknown code. */
  readonly known: boolean;
}

type Extras = Partial<Pick<MeasureTypeInfo, "loinc" | "imperial" | "unitConfirmed" | "source">>;

const { kg: KG, m: M, "°C": CEL } = imperialConversions;

function row(
  code: number,
  key: string,
  name: string,
  unit: string,
  ucum: string,
  extras: Extras = {},
): readonly [number, MeasureTypeInfo] {
  const source = extras.source ?? "spec";
  const info: MeasureTypeInfo = {
    code,
    key,
    name,
    unit,
    ucum,
    ...(extras.loinc === undefined ? {} : { loinc: extras.loinc }),
    ...(extras.imperial === undefined ? {} : { imperial: extras.imperial }),
    confirmed: source !== "unconfirmed",
    unitConfirmed: source !== "unconfirmed" && extras.unitConfirmed !== false,
    source,
    known: true,
  };
  return [code, info];
}

// Units marked UNCONFIRMED in §2.5 keep a best guess but say so (`unitConfirmed: false`);
// the codes from the newer U-Scan spec (S7 only) are `confirmed: false` altogether.
const unsureUnit = { unitConfirmed: false } as const;
const unconfirmed = { source: "unconfirmed" } as const;
const client = { source: "client" } as const;

/**
 * Every measure type code of reference §2.5, keyed by code. Read-only and frozen.
 *
 * Values are `value × 10^unit` where `unit` is a per-record decimal exponent (Q18), never a
 * unit of measure; {@link MeasureTypeInfo.unit} is the unit of that scaled value.
 *
 * @example
 * ```ts
 * measureTypes.get(9)?.ucum; // "mm[Hg]"
 * [...measureTypes.values()].filter((t) => t.unit === "kg").length; // 11
 * ```
 */
export const measureTypes: ReadonlyMap<number, MeasureTypeInfo> = frozenMap([
  row(1, "weight", "Weight", "kg", "kg", { loinc: "29463-7", imperial: KG }),
  row(4, "height", "Height", "m", "m", { loinc: "8302-2", imperial: M }),
  row(5, "fatFreeMass", "Fat-free mass", "kg", "kg", { imperial: KG }),
  row(6, "fatRatio", "Fat ratio", "%", "%", { loinc: "41982-0" }),
  row(8, "fatMass", "Fat mass", "kg", "kg", { imperial: KG }),
  row(9, "diastolicBloodPressure", "Diastolic blood pressure", "mmHg", "mm[Hg]", {
    loinc: "8462-4",
  }),
  row(10, "systolicBloodPressure", "Systolic blood pressure", "mmHg", "mm[Hg]", {
    loinc: "8480-6",
  }),
  row(11, "heartPulse", "Heart pulse", "bpm", "/min", { loinc: "8867-4" }),
  row(12, "temperature", "Temperature", "°C", "Cel", { imperial: CEL }),
  row(54, "spo2", "SpO2", "%", "%", { loinc: "59408-5" }),
  row(71, "bodyTemperature", "Body temperature", "°C", "Cel", { loinc: "8310-5", imperial: CEL }),
  row(73, "skinTemperature", "Skin temperature", "°C", "Cel", { imperial: CEL }),
  row(76, "muscleMass", "Muscle mass", "kg", "kg", { imperial: KG }),
  row(77, "hydration", "Hydration (total body water)", "kg", "kg", { imperial: KG }),
  row(88, "boneMass", "Bone mass", "kg", "kg", { imperial: KG }),
  row(91, "pulseWaveVelocity", "Pulse wave velocity", "m/s", "m/s"),
  row(123, "vo2Max", "VO2 max", "ml/min/kg", "mL/min/kg"),
  // The value is a class (§2.6 afibClassifications), not a quantity.
  row(130, "afibEcg", "Atrial fibrillation result (ECG)", "", "{class}"),
  row(135, "qrsInterval", "QRS interval duration (ECG)", "ms", "ms", unsureUnit),
  row(136, "prInterval", "PR interval duration (ECG)", "ms", "ms", unsureUnit),
  row(137, "qtInterval", "QT interval duration (ECG)", "ms", "ms", unsureUnit),
  // Older documentation (S4) called 138 "QT interval" and 139 "atrial fibrillation".
  row(138, "qtcInterval", "Corrected QT interval (ECG)", "ms", "ms", unsureUnit),
  row(139, "afibPpg", "Atrial fibrillation result (PPG)", "", "{class}", unsureUnit),
  row(147, "urinaryPh", "Urinary pH", "pH", "[pH]", unconfirmed),
  row(148, "urineSpecificGravity", "Urine specific gravity", "", "1", unconfirmed),
  row(151, "urinaryNitrites", "Urinary nitrites", "µmol/L", "umol/L", unconfirmed),
  row(155, "vascularAge", "Vascular age", "years", "a"),
  row(158, "nerveHealthScoreLeftFoot", "Nerve Health Score, left foot", "", "{score}", client),
  row(159, "nerveHealthScoreRightFoot", "Nerve Health Score, right foot", "", "{score}", client),
  row(167, "nerveHealthScoreFeet", "Nerve Health Score, conductance, feet", "", "{score}", {
    unitConfirmed: false,
  }),
  row(168, "extracellularWater", "Extracellular water", "kg", "kg", { imperial: KG }),
  row(169, "intracellularWater", "Intracellular water", "kg", "kg", { imperial: KG }),
  row(170, "visceralFat", "Visceral fat", "", "1"),
  // 173–175 repeat within one group, once per `position` (Q10).
  row(173, "fatFreeMassSegment", "Fat-free mass per segment", "kg", "kg", { imperial: KG }),
  row(174, "fatMassSegment", "Fat mass per segment", "kg", "kg", { imperial: KG }),
  row(175, "muscleMassSegment", "Muscle mass per segment", "kg", "kg", { imperial: KG }),
  // The newer spec (S7) renames 196 "Nerve Response Score"; the unit is a guess.
  row(196, "electrodermalActivityFeet", "Electrodermal activity, feet", "µS", "uS", unsureUnit),
  row(197, "electrodermalActivityLeftFoot", "Electrodermal activity, left foot", "µS", "uS", {
    source: "client",
    unitConfirmed: false,
  }),
  row(198, "electrodermalActivityRightFoot", "Electrodermal activity, right foot", "µS", "uS", {
    source: "client",
    unitConfirmed: false,
  }),
  row(204, "urinaryKetones", "Urinary ketones", "mmol/L", "mmol/L", unconfirmed),
  row(205, "urinaryVitaminC", "Urinary vitamin C", "mmol/L", "mmol/L", unconfirmed),
  row(226, "basalMetabolicRate", "Basal metabolic rate", "kcal/day", "kcal/d", unsureUnit),
  row(227, "metabolicAge", "Metabolic age", "years", "a"),
  row(229, "electrochemicalSkinConductance", "Electrochemical skin conductance", "µS", "uS", {
    unitConfirmed: false,
  }),
  row(248, "urinaryCalcium", "Urinary calcium", "mmol/L", "mmol/L", unconfirmed),
  row(249, "urinaryCreatinine", "Urinary creatinine", "mmol/L", "mmol/L", unconfirmed),
  row(
    251,
    "urinaryCalciumCreatinineRatio",
    "Urinary calcium/creatinine ratio",
    "mmol/mmol",
    "mmol/mmol",
    unconfirmed,
  ),
]);

// Placeholders are cached so a page full of one new code allocates once; the cap keeps a
// hostile or corrupt stream of distinct codes from growing the cache without bound.
const unknownTypes = new Map<number, MeasureTypeInfo>();
const UNKNOWN_CACHE_LIMIT = 1024;

/**
 * The catalogue entry of a type code, or, for a code the catalogue does not know, a
 * placeholder flagged `known: false` named `"Unknown type <code>"`. Unknown codes keep
 * appearing (reference §2.5), so they are carried through, never dropped and never fatal.
 *
 * @example
 * ```ts
 * measureType(71).name; // "Body temperature"
 * measureType(1234567); // { code: 1234567, name: "Unknown type 1234567", known: false, ... }
 * ```
 */
export function measureType(code: number): MeasureTypeInfo {
  const known = measureTypes.get(code);
  if (known !== undefined) return known;
  let placeholder = unknownTypes.get(code);
  if (placeholder === undefined) {
    placeholder = Object.freeze({
      code,
      key: `type${code}`,
      name: `Unknown type ${code}`,
      unit: "",
      ucum: "",
      confirmed: false,
      unitConfirmed: false,
      source: "unknown",
      known: false,
    });
    if (unknownTypes.size >= UNKNOWN_CACHE_LIMIT) unknownTypes.clear();
    unknownTypes.set(code, placeholder);
  }
  return placeholder;
}
