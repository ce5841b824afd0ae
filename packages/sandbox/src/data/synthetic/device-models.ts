/**
 * A device model as the synthetic users own them: its `model_id` (reference §2.7), the
 * `model` string the API answers, and the getdevice `type`.
 *
 * @example
 * ```ts
 * const scale: DeviceModel = DEVICE_MODELS.bodyScan;
 * scale.modelId; // 10
 * ```
 */
export interface DeviceModel {
  readonly modelId: number;
  readonly name: string;
  readonly type: string;
}

/**
 * The device models synthetic users are built from. `googleFit` and `iosSteps` are the
 * phone's external step sources (one per person): their activity records sit beside the
 * watch's on some days and stand alone on days the watch is not worn (real answers give them
 * brand 18, null device ids and `is_tracker: false`).
 *
 * @example
 * ```ts
 * DEVICE_MODELS.bpmCore.name; // "BPM Core"
 * ```
 */
export const DEVICE_MODELS = Object.freeze({
  bodyScan: Object.freeze({ modelId: 10, name: "Body Scan", type: "Scale" }),
  bpmCore: Object.freeze({ modelId: 44, name: "BPM Core", type: "Blood Pressure Monitor" }),
  thermo: Object.freeze({ modelId: 70, name: "Thermo", type: "Smart Connected Thermometer" }),
  scanWatch: Object.freeze({ modelId: 93, name: "ScanWatch", type: "Activity Tracker" }),
  googleFit: Object.freeze({ modelId: 1055, name: "GoogleFit tracker", type: "HealthKit Google" }),
  iosSteps: Object.freeze({ modelId: 1051, name: "iOS step tracker", type: "HealthKit Apple" }),
} satisfies Record<string, DeviceModel>);
