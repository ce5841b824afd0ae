import type { SyncDataset } from "@withings-kit/sync";
import { localInstant, localLabel } from "./local-instant.js";

/**
 * A stored row as the dashboard reads it: cells by key, each checked before use.
 *
 * @example
 * ```ts
 * const row: DashboardRow = { type: 10, value: 128, localDate: "2025-01-14" };
 * ```
 */
export type DashboardRow = { readonly [key: string]: unknown };

/**
 * One value of one series, and the reading it belongs to: cells of one `group` (a measure
 * group, an intraday sample, a day) become one point of the chart.
 *
 * @example
 * ```ts
 * const cell: ChartCell = { group: "m:42", t: 1_736_835_737, x: 1_736_839_337, when: "2025-01-14 07:22:17 UTC+01:00 Europe/Paris", device: "BPM Core", series: 0, value: 128 };
 * ```
 */
export interface ChartCell {
  readonly group: string;
  /** The record's instant as the store ranges it (epoch seconds): `from`/`to` select on it. */
  readonly t: number;
  /** Local wall-clock seconds (see `localInstant`). */
  readonly x: number;
  /** The record's local date and time in its own zone. */
  readonly when: string;
  readonly device: string | null;
  readonly series: number;
  readonly value: number;
}

/**
 * One chart of the user page: the datasets it reads, its series, and how a row gives cells.
 *
 * @example
 * ```ts
 * const bp = CHART_SPECS.find((c) => c.id === "blood-pressure");
 * ```
 */
export interface ChartSpec {
  /** The chart's path segment (`/users/:id/series/<id>.json`). */
  readonly id: string;
  readonly title: string;
  readonly datasets: readonly SyncDataset[];
  readonly series: readonly { readonly label: string; readonly unit: string }[];
  /** A point is kept only when one of these series has a value (a pulse without a pressure is not a blood-pressure reading). */
  readonly requires?: readonly number[];
  cells(dataset: SyncDataset, row: DashboardRow): ChartCell[];
}

const num = (row: DashboardRow, key: string): number | null => {
  const v = row[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};
const str = (row: DashboardRow, key: string): string | null => {
  const v = row[key];
  return typeof v === "string" ? v : null;
};

// A timed reading (a measure group, an intraday sample) at its own local time; `key` holds
// its UTC instant, the one the store ranges it by.
function timed(row: DashboardRow, key: string, group: string, device: string | null) {
  const localDate = str(row, "localDate");
  const localTime = str(row, "localTime");
  const x = localInstant(localDate, localTime ?? undefined);
  const t = Date.parse(str(row, key) ?? "") / 1000;
  if (localDate === null || x === undefined || !Number.isFinite(t)) return undefined;
  const when = localLabel(localDate, localTime, num(row, "offsetMinutes"), str(row, "timezone"));
  return { group, t: Math.floor(t), x, when, device };
}

// A day's record (activity, a night) at noon of its local day, so it centres on the day; the
// store ranges it by the day's UTC midnight.
function daily(row: DashboardRow, group: string, when: string, device: string | null) {
  const x = localInstant(str(row, "date"), "12:00:00");
  return x === undefined ? undefined : { group, t: x - 43_200, x, when, device };
}

// Measures of category 1 (real readings; category 2 are objectives) whose type has a series.
function measures(types: readonly number[]) {
  return (row: DashboardRow): ChartCell[] => {
    const series = types.indexOf(num(row, "type") ?? -1);
    const value = num(row, "value");
    if (series < 0 || value === null || num(row, "category") !== 1) return [];
    const at = timed(row, "date", `m:${String(row["grpid"])}`, str(row, "model"));
    return at === undefined ? [] : [{ ...at, series, value }];
  };
}

// Intraday samples: one series per column.
function intraday(columns: readonly (readonly [key: string, series: number])[]) {
  return (row: DashboardRow): ChartCell[] => {
    const out: ChartCell[] = [];
    for (const [key, series] of columns) {
      const value = num(row, key);
      if (value === null) continue;
      const at = timed(row, "time", `i:${String(row["time"])}`, str(row, "model"));
      if (at !== undefined) out.push({ ...at, series, value });
    }
    return out;
  };
}

function byDataset(
  parts: Partial<Record<SyncDataset, (row: DashboardRow) => ChartCell[]>>,
): ChartSpec["cells"] {
  return (dataset, row) => parts[dataset]?.(row) ?? [];
}

/**
 * The user page's charts, in page order. Every series is a stored column shown as stored
 * (seconds stay seconds), so a hover shows exactly what the database holds.
 *
 * @example
 * ```ts
 * CHART_SPECS.map((c) => c.id); // ["blood-pressure", "heart-rate", …]
 * ```
 */
export const CHART_SPECS: readonly ChartSpec[] = Object.freeze([
  {
    id: "blood-pressure",
    title: "Blood pressure",
    datasets: ["measures"],
    series: [
      { label: "Systolic", unit: "mmHg" },
      { label: "Diastolic", unit: "mmHg" },
      { label: "Pulse", unit: "bpm" },
    ],
    requires: [0, 1],
    cells: byDataset({ measures: measures([10, 9, 11]) }),
  },
  {
    id: "heart-rate",
    title: "Heart rate",
    datasets: ["measures", "intraday"],
    series: [
      { label: "Pulse (spot reading)", unit: "bpm" },
      { label: "Heart rate (watch)", unit: "bpm" },
    ],
    cells: byDataset({ measures: measures([11]), intraday: intraday([["heart_rate", 1]]) }),
  },
  {
    id: "spo2",
    title: "SpO2",
    datasets: ["measures", "intraday"],
    series: [
      { label: "SpO2 (spot reading)", unit: "%" },
      { label: "SpO2 (automatic)", unit: "%" },
    ],
    cells: byDataset({ measures: measures([54]), intraday: intraday([["spo2_auto", 1]]) }),
  },
  {
    id: "temperature",
    title: "Body and skin temperature",
    datasets: ["measures", "intraday"],
    series: [
      { label: "Body temperature", unit: "°C" },
      { label: "Skin temperature", unit: "°C" },
      { label: "Temperature", unit: "°C" },
      { label: "Core body temperature", unit: "°C" },
    ],
    cells: byDataset({
      measures: measures([71, 73, 12]),
      intraday: intraday([["core_body_temperature", 3]]),
    }),
  },
  {
    id: "weight",
    title: "Weight and body composition",
    datasets: ["measures"],
    series: [
      { label: "Weight", unit: "kg" },
      { label: "Fat mass", unit: "kg" },
      { label: "Fat-free mass", unit: "kg" },
      { label: "Muscle mass", unit: "kg" },
      { label: "Hydration", unit: "kg" },
      { label: "Bone mass", unit: "kg" },
      { label: "Fat ratio", unit: "%" },
    ],
    cells: byDataset({ measures: measures([1, 8, 5, 76, 77, 88, 6]) }),
  },
  {
    id: "activity",
    title: "Steps and activity",
    datasets: ["activity"],
    series: [
      { label: "Steps", unit: "steps" },
      { label: "Moderate and intense activity", unit: "s" },
    ],
    cells: byDataset({
      activity: (row) => {
        const date = str(row, "date");
        if (date === null) return [];
        const device = str(row, "modelName") ?? str(row, "model");
        const at = daily(
          row,
          `a:${date}:${device ?? ""}`,
          `${date} ${str(row, "timezone") ?? ""}`.trim(),
          device,
        );
        if (at === undefined) return [];
        const out: ChartCell[] = [];
        const steps = num(row, "steps");
        const active = num(row, "active");
        if (steps !== null) out.push({ ...at, series: 0, value: steps });
        if (active !== null) out.push({ ...at, series: 1, value: active });
        return out;
      },
    }),
  },
  {
    id: "sleep",
    title: "Sleep: nightly stages and score",
    datasets: ["sleep_summaries"],
    series: [
      { label: "Deep", unit: "s" },
      { label: "Light", unit: "s" },
      { label: "REM", unit: "s" },
      { label: "Awake", unit: "s" },
      { label: "Sleep score", unit: "score" },
    ],
    cells: byDataset({
      sleep_summaries: (row) => {
        const start =
          `${str(row, "localStartDate") ?? "?"} ${str(row, "localStartTime") ?? ""}`.trim();
        const end = `${str(row, "localEndDate") ?? "?"} ${str(row, "localEndTime") ?? ""}`.trim();
        const when = `${start} to ${end} ${str(row, "timezone") ?? ""}`.trim();
        const at = daily(row, `s:${String(row["id"])}`, when, str(row, "modelName"));
        if (at === undefined) return [];
        const keys = [
          "deepsleepduration",
          "lightsleepduration",
          "remsleepduration",
          "wakeupduration",
          "sleep_score",
        ];
        const out: ChartCell[] = [];
        keys.forEach((key, series) => {
          const value = num(row, key);
          if (value !== null) out.push({ ...at, series, value });
        });
        return out;
      },
    }),
  },
]);

/**
 * Not a chart: the vitals the latest-vitals panel and the study view follow, read in the
 * same pass over the measures (and the nights, for breathing disturbances) as the charts.
 * Series follow `VITAL_MEASURES`, then breathing disturbances.
 *
 * @example
 * ```ts
 * VITALS_SPEC.series.map((s) => s.label); // ["Systolic", "Diastolic", …]
 * ```
 */
export const VITALS_SPEC: ChartSpec = Object.freeze<ChartSpec>({
  id: "vitals",
  title: "Latest vitals",
  datasets: ["measures", "sleep_summaries"],
  series: [
    { label: "Systolic", unit: "mmHg" },
    { label: "Diastolic", unit: "mmHg" },
    { label: "Pulse", unit: "bpm" },
    { label: "SpO2", unit: "%" },
    { label: "Body temperature", unit: "°C" },
    { label: "Skin temperature", unit: "°C" },
    { label: "Weight", unit: "kg" },
    { label: "Breathing disturbances", unit: "" },
  ],
  cells: byDataset({
    measures: measures([10, 9, 11, 54, 71, 73, 1]),
    sleep_summaries: (row) => {
      const value = num(row, "breathing_disturbances_intensity");
      if (value === null) return [];
      const when = `night of ${str(row, "date") ?? "?"} ${str(row, "timezone") ?? ""}`.trim();
      const at = daily(row, `s:${String(row["id"])}`, when, str(row, "modelName"));
      return at === undefined ? [] : [{ ...at, series: 7, value }];
    },
  }),
});
