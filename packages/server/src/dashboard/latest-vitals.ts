import type { Store } from "@withings-kit/sync";
import { VITALS_SPEC } from "./chart-specs.js";
import type { DatasetPoints } from "./dataset-points.js";
import type { VitalKey } from "./vital-ranges.js";

/**
 * The last stored reading of one vital.
 *
 * @example
 * ```ts
 * const v: LatestVital = { key: "systolic", label: "Systolic", value: 128, unit: "mmHg", at: 1_736_839_337, when: "2025-01-14 07:22:17 UTC+01:00 Europe/Paris", device: "BPM Core" };
 * ```
 */
export interface LatestVital {
  readonly key: VitalKey;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** Epoch seconds. */
  readonly at: number;
  /** Local date and time in the record's own zone. */
  readonly when: string;
  readonly device: string | null;
}

/**
 * The vitals followed, by measure type, in display order.
 *
 * @example
 * ```ts
 * VITAL_MEASURES.find((v) => v.type === 54)?.key; // "spo2"
 * ```
 */
export const VITAL_MEASURES: readonly {
  readonly key: Exclude<VitalKey, "breathingDisturbances">;
  readonly type: number;
  readonly label: string;
}[] = Object.freeze([
  { key: "systolic", type: 10, label: "Systolic" },
  { key: "diastolic", type: 9, label: "Diastolic" },
  { key: "pulse", type: 11, label: "Pulse" },
  { key: "spo2", type: 54, label: "SpO2" },
  { key: "bodyTemperature", type: 71, label: "Body temperature" },
  { key: "skinTemperature", type: 73, label: "Skin temperature" },
  { key: "weight", type: 1, label: "Weight" },
]);

/**
 * The latest reading of each vital followed, and every reading since `since` (epoch
 * seconds), from the same pass over the user's measures and nights as the charts
 * (`DatasetPoints`), so that a page's panel and its charts cost one read of the store.
 *
 * @example
 * ```ts
 * const { latest, recent } = await latestVitals(store, cache, "42", now - 30 * 86_400);
 * ```
 */
export async function latestVitals(
  store: Store,
  cache: DatasetPoints,
  userId: string,
  since: number,
): Promise<{ readonly latest: readonly LatestVital[]; readonly recent: readonly LatestVital[] }> {
  const keys: readonly VitalKey[] = [...VITAL_MEASURES.map((v) => v.key), "breathingDisturbances"];
  const last: (LatestVital | undefined)[] = keys.map(() => undefined);
  const recent: LatestVital[] = [];
  for (const dataset of VITALS_SPEC.datasets) {
    for (const p of (await cache.points(store, userId, dataset)).get(VITALS_SPEC.id) ?? []) {
      p.values.forEach((value, i) => {
        if (value === null) return;
        const series = VITALS_SPEC.series[i]!;
        const vital: LatestVital = {
          key: keys[i]!,
          label: series.label,
          value,
          unit: series.unit,
          at: p.t,
          when: p.when,
          device: p.device,
        };
        const before = last[i];
        if (before === undefined || before.at <= vital.at) last[i] = vital;
        if (vital.at >= since) recent.push(vital);
      });
    }
  }
  return { latest: last.filter((v): v is LatestVital => v !== undefined), recent };
}
