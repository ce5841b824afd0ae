import { frozenMap } from "./_frozen-map.js";

/**
 * A device `model_id` / `modelid` (reference §2.7). The field's name and type differ per
 * endpoint (Q11): getmeas and getactivity say `modelid`, intraday, sleep and getdevice say
 * `model_id`, and getworkouts and heart list put the id in `model`.
 *
 * @example
 * ```ts
 * const d: DeviceModelInfo | undefined = deviceModels.get(93); // { name: "ScanWatch", ... }
 * ```
 */
export interface DeviceModelInfo {
  readonly modelId: number;
  readonly name: string;
  /** `spec` Withings' OpenAPI, `guide` a Withings guide page, `client` aiowithings only. */
  readonly source: "spec" | "guide" | "client";
  /** False for 14 and 15, whose names only aiowithings gives and the reference doubts. */
  readonly confirmed: boolean;
}

const TABLE: readonly (readonly [number, string, DeviceModelInfo["source"]?, boolean?])[] = [
  [1, "Withings WBS01"],
  [2, "WS30"],
  [3, "Kid Scale"],
  [4, "Smart Body Analyzer"],
  [5, "Body+"],
  [6, "Body Cardio"],
  [7, "Body"],
  [9, "Body Pro"],
  [10, "Body Scan"],
  [11, "WBS10"],
  [12, "WBS11"],
  // getdevice can answer `model: ""` for it; aiowithings names it from the id.
  [13, "Sleep Analyzer", "client"],
  [14, "Body Scale", "client", false],
  [15, "Body Comp 2", "client", false],
  [16, "Body Smart", "client"],
  [17, "Body Comp Pro", "guide"],
  [18, "Body Comp"],
  [21, "Smart Baby Monitor"],
  [22, "Withings Home"],
  [41, "Withings Blood Pressure Monitor V1"],
  [42, "Withings Blood Pressure Monitor V2"],
  [43, "Withings Blood Pressure Monitor V3"],
  [44, "BPM Core"],
  [45, "BPM Connect"],
  [46, "BPM Connect Pro"],
  [47, "BPM Pro 2"],
  [48, "BPM Vision"],
  [51, "Pulse"],
  [52, "Activite"],
  [53, "Activite (Pop, Steel)"],
  [54, "Withings Go"],
  [55, "Activite Steel HR"],
  [58, "Pulse HR"],
  [59, "Activite Steel HR Sport Edition"],
  [60, "Aura Dock"],
  [61, "Aura Sensor"],
  [63, "Aura Sensor V2"],
  [70, "Thermo"],
  [71, "BeamO"],
  [90, "Move"],
  [91, "Move ECG"],
  [92, "Move ECG"],
  [93, "ScanWatch"],
  [94, "ScanWatch 2"],
  [95, "ScanWatch Light"],
  [100, "WUP01"],
  [1051, "iOS step tracker"],
  [1052, "iOS step tracker"],
  [1053, "Android step tracker"],
  [1054, "Android step tracker"],
  [1055, "GoogleFit tracker"],
  [1056, "Samsung Health tracker"],
  [1057, "HealthKit step iPhone tracker"],
  [1058, "HealthKit step Apple Watch tracker"],
  [1059, "HealthKit other step tracker"],
  [1060, "Google Health Connect"],
  [1061, "Iglucose glucometer"],
  [1062, "Huawei tracker"],
  [1063, "Lingo Sensor"],
];

/**
 * Every known device model id with its product name, keyed by id. Read-only.
 *
 * @example
 * ```ts
 * deviceModels.get(1055)?.name; // "GoogleFit tracker" (workouts from Google Fit carry it)
 * ```
 */
export const deviceModels: ReadonlyMap<number, DeviceModelInfo> = frozenMap(
  TABLE.map(
    ([modelId, name, source = "spec", confirmed = true]) =>
      [modelId, { modelId, name, source, confirmed }] as const,
  ),
);
