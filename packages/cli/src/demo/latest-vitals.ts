import type { StoreReader, VitalsGroup } from "@withings-kit/sync";

/**
 * One reading: its value(s) and when it was taken, in the user's local time.
 *
 * @example
 * ```ts
 * const r: VitalReading = { values: [121, 79], when: "2025-06-01 08:12 Europe/Paris" };
 * ```
 */
export interface VitalReading {
  readonly values: readonly number[];
  readonly when: string;
}

/**
 * The latest vitals of a user, as the demo shows them (`undefined` when never measured).
 *
 * @example
 * ```ts
 * const v = await latestVitals(store, "42");
 * v.bloodPressure?.values; // [systolic, diastolic, pulse]
 * ```
 */
export interface LatestVitals {
  /** Systolic, diastolic (mmHg) and, when measured with them, pulse (bpm). */
  readonly bloodPressure?: VitalReading;
  /** Heart pulse, bpm. */
  readonly pulse?: VitalReading;
  /** SpO2, %. */
  readonly spo2?: VitalReading;
  /** Body temperature (or temperature), °C. */
  readonly temperature?: VitalReading;
  /** Weight, kg. */
  readonly weight?: VitalReading;
}

/**
 * Reads the newest reading of each common vital through the store's {@link StoreReader}
 * (the `vitals` view's newest group holding each one, metric units), on SQLite or
 * PostgreSQL alike.
 *
 * @example
 * ```ts
 * const { weight } = await latestVitals(db.store, userId);
 * ```
 */
export async function latestVitals(store: StoreReader, userId: string): Promise<LatestVitals> {
  const newest = await store.latestVitals(userId, [
    "systolic",
    "heartPulse",
    "spo2",
    "bodyTemperature",
    "temperature",
    "weight",
  ]);
  const bp = newest.systolic;
  const pulse = newest.heartPulse;
  const bodyTemp = newest.bodyTemperature;
  const temp = newest.temperature;
  const when = (group: VitalsGroup) =>
    group.localDate !== null && group.localTime !== null
      ? `${group.localDate} ${group.localTime.slice(0, 5)} ${group.timezone}`
      : `${new Date(group.at * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const reading = (
    group: VitalsGroup | undefined,
    values: readonly (number | undefined)[],
  ): VitalReading | undefined => {
    if (group === undefined) return undefined;
    return { values: values.filter((v): v is number => v !== undefined), when: when(group) };
  };
  const latestTemp =
    bodyTemp !== undefined && (temp === undefined || bodyTemp.at >= temp.at) ? bodyTemp : temp;
  const out: { -readonly [K in keyof LatestVitals]: LatestVitals[K] } = {};
  const set = <K extends keyof LatestVitals>(key: K, value: LatestVitals[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set(
    "bloodPressure",
    reading(bp, [bp?.values.systolic, bp?.values.diastolic, bp?.values.heartPulse]),
  );
  set("pulse", reading(pulse, [pulse?.values.heartPulse]));
  set("spo2", reading(newest.spo2, [newest.spo2?.values.spo2]));
  set(
    "temperature",
    reading(latestTemp, [latestTemp?.values.bodyTemperature ?? latestTemp?.values.temperature]),
  );
  set("weight", reading(newest.weight, [newest.weight?.values.weight]));
  return out;
}
