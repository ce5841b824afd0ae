import type { EndpointKey, Scope } from "../endpoints.js";
import type { Dataset } from "../normalise/datasets.js";
import { frozenMap } from "./_frozen-map.js";

/**
 * A notification category (`appli`) and what a receiver should do about it
 * (reference §3.1). Notifications are unsigned hints that are not redelivered (Q16): the
 * receiver re-reads the listed endpoints, preferably with `lastupdate`, rather than trusting
 * the payload.
 *
 * @example
 * ```ts
 * const a: AppliInfo | undefined = applis.get(44); // sleep: re-read sleep.get and getsummary
 * ```
 */
export interface AppliInfo {
  readonly appli: number;
  /** A stable camelCase identifier. */
  readonly key: string;
  readonly description: string;
  /** The scope a subscription needs; `null` for 53 (signed, per application) and unknowns. */
  readonly scope: Scope | null;
  /** Actions to call again when it fires; empty for pure events (bed in/out, user events). */
  readonly endpoints: readonly EndpointKey[];
  /** The `toRows` datasets those actions feed. */
  readonly datasets: readonly Dataset[];
  /** False for codes only a secondary 2026 source (S7) reports. */
  readonly confirmed: boolean;
  /** True when a public-API app cannot subscribe (contracted partners only). */
  readonly contracted: boolean;
}

type Row = Omit<AppliInfo, "appli" | "confirmed" | "contracted"> &
  Partial<Pick<AppliInfo, "confirmed" | "contracted">>;

const MEASURES = {
  endpoints: ["measure.getmeas"],
  datasets: ["measures"],
} as const satisfies Pick<Row, "endpoints" | "datasets">;
const NOTHING = { endpoints: [], datasets: [] } as const;

const TABLE: readonly (readonly [number, Row])[] = [
  [
    1,
    {
      key: "weight",
      description: "New weight or body-composition measure (types 1, 5, 6, 8, 76, 77, 88, 91)",
      scope: "user.metrics",
      ...MEASURES,
    },
  ],
  [
    2,
    {
      key: "temperature",
      description: "New temperature (12, 71, 73)",
      scope: "user.metrics",
      ...MEASURES,
    },
  ],
  [
    4,
    {
      key: "pressure",
      description: "New blood pressure, heart rate or SpO2 (9, 10, 11, 54)",
      scope: "user.metrics",
      ...MEASURES,
    },
  ],
  [
    16,
    {
      key: "activity",
      description: "New activity: steps, distance, calories, workouts",
      scope: "user.activity",
      endpoints: ["measure.getactivity", "measure.getintradayactivity", "measure.getworkouts"],
      datasets: ["activity", "intraday", "workouts"],
    },
  ],
  [
    44,
    {
      key: "sleep",
      description: "New sleep data",
      scope: "user.activity",
      endpoints: ["sleep.get", "sleep.getsummary"],
      datasets: ["sleep", "sleep_summaries"],
    },
  ],
  [
    46,
    {
      key: "user",
      description: "User event: payload action is delete, unlink or update",
      scope: "user.info",
      ...NOTHING,
    },
  ],
  [50, { key: "bedIn", description: "Bed in", scope: "user.sleepevents", ...NOTHING }],
  [51, { key: "bedOut", description: "Bed out", scope: "user.sleepevents", ...NOTHING }],
  [
    52,
    {
      key: "inflateDone",
      description: "The sleep sensor finished its initial inflation",
      scope: "user.sleepevents",
      ...NOTHING,
    },
  ],
  [
    53,
    {
      key: "deviceSetupWithoutAccount",
      description: "A cellular or SDK device was set up with no account (signed, per app)",
      scope: null,
      contracted: true,
      ...NOTHING,
    },
  ],
  [
    54,
    {
      key: "ecg",
      description: "New ECG recording; fetch each new signal with heart.get",
      scope: "user.metrics",
      endpoints: ["heart.list", "heart.get"],
      datasets: ["ecg", "ecg_signal"],
    },
  ],
  [
    55,
    {
      key: "ecgFailed",
      description: "An ECG recording was attempted and failed",
      scope: "user.metrics",
      ...NOTHING,
    },
  ],
  [58, { key: "glucose", description: "New glucose data", scope: "user.metrics", ...MEASURES }],
  [
    60,
    {
      key: "survey",
      description: "A survey was answered (answers v2, contracted)",
      scope: null,
      confirmed: false,
      contracted: true,
      ...NOTHING,
    },
  ],
  [
    61,
    {
      key: "stethoscope",
      description: "New stethoscope recording (stetho v2, not in this client)",
      scope: "user.metrics",
      confirmed: false,
      ...NOTHING,
    },
  ],
  [
    62,
    {
      key: "hrv",
      description: "New HRV data",
      scope: "user.metrics",
      confirmed: false,
      ...MEASURES,
    },
  ],
  [
    63,
    {
      key: "urineBiomarkers",
      description: "New urine biomarkers (U-Scan)",
      scope: "user.metrics",
      confirmed: false,
      ...MEASURES,
    },
  ],
  ...[
    [98, "bedOccupied", "Bed occupied (Live Sync, polled every 10 min)"],
    [99, "bedEmpty", "Bed empty (Live Sync, polled every 10 min)"],
    [100, "bedInOut", "Bed in/out (Live Sync, polled every 10 min)"],
  ].map(
    ([appli, key, description]) =>
      [
        appli as number,
        {
          key: key as string,
          description: description as string,
          scope: "user.sleepevents",
          confirmed: false,
          contracted: true,
          ...NOTHING,
        },
      ] as const,
  ),
];

/**
 * Every notification `appli`, keyed by code, with the scope to subscribe and the actions and
 * datasets to re-read when it fires. Read-only. Codes come from the detailed notification
 * page and the maintained clients, not from `llms.md`, whose table contradicts them.
 *
 * @example
 * ```ts
 * const info = applis.get(Number(form.get("appli")));
 * for (const action of info?.endpoints ?? []) queue.add(action, { lastupdate });
 * ```
 */
export const applis: ReadonlyMap<number, AppliInfo> = frozenMap(
  TABLE.map(([appli, row]) => {
    const info: AppliInfo = {
      appli,
      key: row.key,
      description: row.description,
      scope: row.scope,
      endpoints: Object.freeze([...row.endpoints]),
      datasets: Object.freeze([...row.datasets]),
      confirmed: row.confirmed ?? true,
      contracted: row.contracted ?? false,
    };
    return [appli, info] as const;
  }),
);
