import { fhirId, patientId } from "./_fhir-id.js";
import type { FhirDevice, FhirPatient } from "./fhir-resources.js";
import { fhirSystems } from "./fhir-systems.js";

/** A device as the rows name it: by `deviceid`, else by model alone. */
export interface DeviceSeen {
  readonly deviceid: string | null;
  readonly model: string | null;
  /** From the devices dataset, where it lists the device. */
  readonly type?: string | null;
  readonly modelId?: number | null;
}

/** The map key of a device; `undefined` when the rows name none. */
export function deviceKey(deviceid: string | null, model: string | null): string | undefined {
  if (deviceid !== null && deviceid !== "") return `id:${deviceid}`;
  if (model !== null && model !== "") return `model:${model}`;
  return undefined;
}

/** The Device id of a device for one user: a device shared by two users is two Devices. */
export function deviceId(userId: string, key: string): string {
  return fhirId("dev", [userId, key]);
}

/** The Patient of a user: an identifier and nothing else (no names, no tokens). */
export function patientResource(userId: string): FhirPatient {
  return {
    resourceType: "Patient",
    id: patientId(userId),
    identifier: [{ system: fhirSystems.userId, value: userId }],
  };
}

/** The Device of one user's device. */
export function deviceResource(userId: string, key: string, seen: DeviceSeen): FhirDevice {
  return {
    resourceType: "Device",
    id: deviceId(userId, key),
    ...(seen.deviceid === null || seen.deviceid === ""
      ? {}
      : { identifier: [{ system: fhirSystems.deviceId, value: seen.deviceid }] }),
    manufacturer: "Withings",
    ...(seen.model === null || seen.model === ""
      ? {}
      : { deviceName: [{ name: seen.model, type: "model-name" as const }] }),
    ...(seen.modelId === null || seen.modelId === undefined
      ? {}
      : { modelNumber: String(seen.modelId) }),
    ...(seen.type === null || seen.type === undefined || seen.type === ""
      ? {}
      : { type: { text: seen.type } }),
    patient: { reference: `Patient/${patientId(userId)}` },
  };
}
