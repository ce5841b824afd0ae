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
 * The device models synthetic users are built from. `googleFit` is the external step source
 * used on days the watch is not worn (real answers give it brand 18, null device ids and
 * `is_tracker: false`).
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
} satisfies Record<string, DeviceModel>);
