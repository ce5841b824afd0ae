import type { SqliteStore } from "@withings-kit/sync";

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

type Column = "systolic" | "heart_pulse" | "spo2" | "body_temperature" | "temperature" | "weight";

/**
 * Reads the newest reading of each common vital from the store's `vitals` view (one row per
 * measurement group, metric units), through the store's typed Kysely reader.
 *
 * @example
 * ```ts
 * const { weight } = await latestVitals(db.store, userId);
 * ```
 */
export async function latestVitals(store: SqliteStore, userId: string): Promise<LatestVitals> {
  const newest = (column: Column) =>
    store.kysely
      .selectFrom("vitals")
      .select([
        "at",
        "local_date",
        "local_time",
        "timezone",
        "systolic",
        "diastolic",
        "heart_pulse",
        "spo2",
        "body_temperature",
        "temperature",
        "weight",
      ])
      .where("user_id", "=", userId)
      .where(column, "is not", null)
      .orderBy("at", "desc")
      .limit(1)
      .executeTakeFirst();
  const [bp, pulse, spo2, bodyTemp, temp, weight] = await Promise.all([
    newest("systolic"),
    newest("heart_pulse"),
    newest("spo2"),
    newest("body_temperature"),
    newest("temperature"),
    newest("weight"),
  ]);
  const when = (row: {
    local_date: string | null;
    local_time: string | null;
    timezone: string;
    at: number;
  }) =>
    row.local_date !== null && row.local_time !== null
      ? `${row.local_date} ${row.local_time.slice(0, 5)} ${row.timezone}`
      : `${new Date(row.at * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const reading = (
    row: Parameters<typeof when>[0] | undefined,
    values: readonly (number | null)[],
  ): VitalReading | undefined => {
    if (row === undefined) return undefined;
    return { values: values.filter((v): v is number => v !== null), when: when(row) };
  };
  const latestTemp =
    bodyTemp !== undefined && (temp === undefined || bodyTemp.at >= temp.at) ? bodyTemp : temp;
  const out: { -readonly [K in keyof LatestVitals]: LatestVitals[K] } = {};
  const set = <K extends keyof LatestVitals>(key: K, value: LatestVitals[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set(
    "bloodPressure",
    reading(bp, [bp?.systolic ?? null, bp?.diastolic ?? null, bp?.heart_pulse ?? null]),
  );
  set("pulse", reading(pulse, [pulse?.heart_pulse ?? null]));
  set("spo2", reading(spo2, [spo2?.spo2 ?? null]));
  set(
    "temperature",
    reading(latestTemp, [latestTemp?.body_temperature ?? latestTemp?.temperature ?? null]),
  );
  set("weight", reading(weight, [weight?.weight ?? null]));
  return out;
}
