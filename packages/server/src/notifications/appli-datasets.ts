import type { SyncDataset } from "@withings-kit/sync";

/**
 * What a notification's `appli` asks the service to do (reference §3.1): sync some
 * datasets, react to a profile event (46), or only record it (bed events, a failed ECG
 * attempt, codes that need a contract).
 *
 * @example
 * ```ts
 * const plan: AppliPlan = { kind: "sync", datasets: ["measures"] };
 * ```
 */
export type AppliPlan =
  | { readonly kind: "sync"; readonly datasets: readonly SyncDataset[] }
  | { readonly kind: "profile" }
  | { readonly kind: "record" }
  | { readonly kind: "unknown" };

// Objectives (category 2) are a walk of their own that a reading never changes; the
// scheduled catch-up keeps them current.
const MEASURES: readonly SyncDataset[] = ["measures"];

const PLANS: ReadonlyMap<number, AppliPlan> = new Map<number, AppliPlan>([
  [1, { kind: "sync", datasets: MEASURES }],
  [2, { kind: "sync", datasets: MEASURES }],
  [4, { kind: "sync", datasets: MEASURES }],
  [16, { kind: "sync", datasets: ["activity", "intraday", "workouts"] }],
  [44, { kind: "sync", datasets: ["sleep_summaries", "sleep"] }],
  [46, { kind: "profile" }],
  [50, { kind: "record" }],
  [51, { kind: "record" }],
  [52, { kind: "record" }],
  [54, { kind: "sync", datasets: ["ecg", "ecg_signal"] }],
  [55, { kind: "record" }],
  [58, { kind: "sync", datasets: MEASURES }],
]);

/**
 * The plan for an `appli`; codes the reference leaves unconfirmed or that need a contract
 * (53, 60–63, 98–100) and codes nobody documents are `unknown`: recorded, never synced.
 *
 * @example
 * ```ts
 * appliPlan(44); // { kind: "sync", datasets: ["sleep_summaries", "sleep"] }
 * appliPlan(50); // { kind: "record" }
 * ```
 */
export function appliPlan(appli: number | undefined): AppliPlan {
  return (appli === undefined ? undefined : PLANS.get(appli)) ?? { kind: "unknown" };
}

/**
 * The `appli` codes the service subscribes every user to: those whose notifications start a
 * sync or tell of a revoked link.
 *
 * @example
 * ```ts
 * SUBSCRIBED_APPLIS.includes(4); // true
 * ```
 */
export const SUBSCRIBED_APPLIS: readonly number[] = Object.freeze(
  [...PLANS].filter(([, plan]) => plan.kind === "sync" || plan.kind === "profile").map(([a]) => a),
);
