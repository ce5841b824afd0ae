import type { Writable } from "node:stream";
import type { DeviceRow, EcgRow, MeasureRow } from "@withings-kit/client";
import type { RowQuery, Store } from "../../store/store.js";
import { StoreError } from "../../store/store-error.js";
import { effectiveDateTime } from "./_effective-date-time.js";
import { patientId } from "./_fhir-id.js";
import { FhirWriter } from "./_fhir-writer.js";
import {
  type BodyMeasure,
  bmiObservation,
  ecgObservations,
  groupObservations,
  measureValue,
  type ObservationContext,
} from "./_observations.js";
import {
  type DeviceSeen,
  deviceId,
  deviceKey,
  deviceResource,
  patientResource,
} from "./_patient-and-device.js";

/**
 * What {@link exportFhir} writes.
 *
 * @example
 * ```ts
 * const o: FhirExportOptions = { userId: "42", from: 1_704_067_200, form: "bundle" };
 * ```
 */
export interface FhirExportOptions {
  /** One user; every user of the store when absent. */
  readonly userId?: string;
  /** Epoch seconds, inclusive, on the measure's instant. */
  readonly from?: number;
  /** Epoch seconds, exclusive. */
  readonly to?: number;
  /**
   * `ndjson`: one resource per line (bulk-data style). `bundle`: one transaction Bundle
   * whose entries PUT each resource to its id.
   * @default "ndjson"
   */
  readonly form?: "ndjson" | "bundle";
  /**
   * End the writable when done and wait until it has flushed. Pass `false` for
   * `process.stdout` or to append more output.
   * @default true
   */
  readonly end?: boolean;
  /**
   * Also export groups attributed ambiguously (`attrib` 1: a device reading that may be
   * another household member's). They are left out by default, as Withings advises.
   * @default false
   */
  readonly includeAmbiguous?: boolean;
}

/**
 * Source rows an FHIR export left out, by reason.
 *
 * @example
 * ```ts
 * const { skipped } = await exportFhir(store, {}, out);
 * if (skipped.ambiguous > 0) console.warn(`${skipped.ambiguous} ambiguous measures left out`);
 * ```
 */
export interface FhirExportSkipped {
  /** Measure rows whose category is not 1 (real): objectives and unknown categories. */
  readonly notReal: number;
  /** Measure rows attributed ambiguously (`attrib` 1), unless `includeAmbiguous`. */
  readonly ambiguous: number;
  /**
   * Rows without a usable date or with a value past a double's range (or an ECG recording
   * without a signal id).
   */
  readonly incomplete: number;
}

/**
 * What an FHIR export wrote.
 *
 * @example
 * ```ts
 * const { resources, observations, bytes } = await exportFhir(store, {}, out);
 * ```
 */
export interface FhirExportResult {
  /** Every resource written: Patients, Devices and Observations. */
  readonly resources: number;
  readonly observations: number;
  /** UTF-8 bytes handed to the writable. */
  readonly bytes: number;
  readonly skipped: FhirExportSkipped;
}

interface UserPlan {
  readonly userId: string;
  readonly devices: Map<string, DeviceSeen>;
}

const FORMS: ReadonlySet<string> = new Set(["ndjson", "bundle"]);
const AMBIGUOUS = 1;

/**
 * Streams stored measures and ECG recordings as FHIR R4 resources: NDJSON (one resource a
 * line) or a transaction Bundle. Observations follow the HL7 vital-signs profiles where one
 * applies (blood-pressure panel, heart rate, SpO2, body temperature, weight, height, BMI) and
 * code everything else with LOINC where the catalogue has it plus the project's measure-type
 * code system. Every user's Patient and Devices come before any Observation. Ids are
 * hashes of the records' identities, so a second export (or import) updates the first.
 *
 * Rows are read twice, a page at a time (once to find users and devices, once to write),
 * and written in ~64 KiB pieces with backpressure: memory stays flat. It only reads the
 * store.
 *
 * @throws {StoreError} `STORE_INVALID_ARGUMENT` for bad options, `STORE_IO` when the writable
 *   closes early; store errors and an `error` the writable emits are rethrown as they are.
 * @example
 * ```ts
 * await exportFhir(store, { form: "ndjson" }, createWriteStream("withings.ndjson"));
 * const r = await exportFhir(store, { userId: "42", form: "bundle", end: false }, process.stdout);
 * ```
 */
export async function exportFhir(
  store: Store,
  options: FhirExportOptions,
  out: Writable,
): Promise<FhirExportResult> {
  checkOptions(options);
  const includeAmbiguous = options.includeAmbiguous === true;
  const range = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  const query = (dataset: RowQuery["dataset"], userId: string): RowQuery => ({
    dataset,
    userId,
    ...range,
  });
  // Listening to the writable from here: a file stream that cannot open emits `error` while
  // the first pass reads the store, and with no listener that error would crash the process.
  const writer = new FhirWriter(out, options.form === "bundle");
  let observations = 0;
  const skipped = { notReal: 0, ambiguous: 0, incomplete: 0 };
  try {
    const users =
      options.userId === undefined ? [...(await store.users())].sort() : [options.userId];

    // Pass 1: who has anything to export, and with which devices.
    const plans: UserPlan[] = [];
    for (const userId of users) {
      const devices = new Map<string, DeviceSeen>();
      let any = false;
      for await (const stored of store.rows(query("measures", userId))) {
        const row = stored as MeasureRow;
        if (!exportable(row, includeAmbiguous)) continue;
        any = true;
        if (row.attrib === 2 || row.attrib === 4) continue;
        const key = deviceKey(row.deviceid, row.model);
        if (key !== undefined && !devices.has(key))
          devices.set(key, { deviceid: row.deviceid, model: row.model, modelId: row.modelid });
      }
      for await (const stored of store.rows(query("ecg", userId))) {
        const row = stored as EcgRow;
        if (!ecgExportable(row)) continue;
        any = true;
        const key = deviceKey(row.deviceid, row.modelName);
        if (key !== undefined && !devices.has(key))
          devices.set(key, { deviceid: row.deviceid, model: row.modelName, modelId: row.model });
      }
      if (!any) continue;
      if (devices.size > 0) {
        // The devices dataset knows each device's kind ("Scale", "Blood Pressure Monitor").
        for await (const stored of store.rows({ dataset: "devices", userId })) {
          const row = stored as DeviceRow;
          const key = deviceKey(row.deviceid, null);
          const seen = key === undefined ? undefined : devices.get(key);
          if (key !== undefined && seen !== undefined) {
            devices.set(key, {
              ...seen,
              model: seen.model ?? row.modelName ?? row.model,
              type: row.type,
              modelId: seen.modelId ?? row.model_id,
            });
          }
        }
      }
      plans.push({ userId, devices });
    }

    for (const plan of plans) await writer.write(patientResource(plan.userId));
    for (const plan of plans) {
      for (const [key, seen] of plan.devices)
        await writer.write(deviceResource(plan.userId, key, seen));
    }

    // Pass 2: the Observations.
    for (const plan of plans) {
      const { userId, devices } = plan;
      const ctx: ObservationContext = {
        userId,
        subject: { reference: `Patient/${patientId(userId)}` },
        device: (deviceid, model) => {
          const key = deviceKey(deviceid, model);
          return key !== undefined && devices.has(key)
            ? { reference: `Device/${deviceId(userId, key)}` }
            : undefined;
        },
      };
      let height: BodyMeasure | undefined;
      // The store streams a user's rows by instant, then grpid: a group's rows share an
      // instant, so holding only the groups of the current instant groups them safely
      // even if a store interleaved groups taken in the same second.
      let instant: string | null | undefined;
      const open = new Map<number, MeasureRow[]>();
      const flushGroups = async (): Promise<void> => {
        for (const [grpid, rows] of open) {
          const group = groupObservations(rows, ctx);
          if (group.height !== undefined && (height === undefined || group.height.at >= height.at))
            height = group.height;
          for (const observation of group.observations) {
            await writer.write(observation);
            observations++;
          }
          const first = rows[0];
          if (first !== undefined && group.weight !== undefined && height !== undefined) {
            const bmi =
              height.at <= group.weight.at
                ? bmiObservation(grpid, first, group.weight, height, ctx)
                : undefined;
            if (bmi !== undefined) {
              await writer.write(bmi);
              observations++;
            }
          }
        }
        open.clear();
      };
      for await (const stored of store.rows(query("measures", userId))) {
        const row = stored as MeasureRow;
        if (row.category !== 1) {
          skipped.notReal++;
          continue;
        }
        if (row.attrib === AMBIGUOUS && !includeAmbiguous) {
          skipped.ambiguous++;
          continue;
        }
        if (!complete(row)) {
          skipped.incomplete++;
          continue;
        }
        if (row.date !== instant) {
          await flushGroups();
          instant = row.date;
        }
        const rows = open.get(row.grpid);
        if (rows === undefined) open.set(row.grpid, [row]);
        else rows.push(row);
      }
      await flushGroups();
      for await (const stored of store.rows(query("ecg", userId))) {
        const row = stored as EcgRow;
        if (!ecgExportable(row)) {
          skipped.incomplete++;
          continue;
        }
        for (const observation of ecgObservations(row, ctx)) {
          await writer.write(observation);
          observations++;
        }
      }
    }
    await writer.finish(options.end !== false);
  } finally {
    writer.release();
  }
  return { resources: writer.resources, observations, bytes: writer.bytes, skipped };
}

function exportable(row: MeasureRow, includeAmbiguous: boolean): boolean {
  return row.category === 1 && (includeAmbiguous || row.attrib !== AMBIGUOUS) && complete(row);
}

function complete(row: MeasureRow): boolean {
  return (
    effectiveDateTime(row.date, row.offsetMinutes) !== undefined &&
    Number.isFinite(measureValue(row))
  );
}

function ecgExportable(row: EcgRow): boolean {
  return (
    row.signalid !== null &&
    (row.heart_rate !== null || row.afib !== null) &&
    effectiveDateTime(row.timestamp, row.offsetMinutes) !== undefined
  );
}

function checkOptions(options: FhirExportOptions): void {
  const bad = (why: string): StoreError =>
    new StoreError("STORE_INVALID_ARGUMENT", `exportFhir: ${why}`);
  if (typeof options !== "object" || options === null) throw bad("options must be an object");
  if (options.form !== undefined && !FORMS.has(options.form))
    throw bad("form must be ndjson or bundle");
  if (options.userId !== undefined && (typeof options.userId !== "string" || options.userId === ""))
    throw bad("userId must be a non-empty string");
  for (const key of ["from", "to"] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value)))
      throw bad(`${key} must be a finite number of epoch seconds`);
  }
}
