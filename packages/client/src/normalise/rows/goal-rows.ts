import { imperialConversions } from "../../catalogue/imperial-conversions.js";
import type { GetGoalsBody } from "../../types/user.js";
import type { RowContext } from "../_row-context.js";
import { toImperial } from "../imperial.js";
import { scaleValue } from "../scale-value.js";

/**
 * One goal of the user: the `"goals"` dataset of `toRows`. Long format, one row per goal that
 * is set, because any goal can be missing and `"goals": []` means none at all (Q12), which
 * gives zero rows. The weight goal is scaled like a measure (`value × 10^unit`, kg).
 *
 * @example
 * ```ts
 * toRows("goals", { goals: { steps: 10000, weight: { value: 70500, unit: -3 } } });
 * // [{ goal: "steps", value: 10000, unit: "steps", rawValue: 10000, rawUnit: 0 },
 * //  { goal: "weight", value: 70.5, unit: "kg", rawValue: 70500, rawUnit: -3 }]
 * ```
 */
export type GoalRow = {
  /** `steps`, `sleep` or `weight` (other keys the API may add are kept as is). */
  goal: string;
  value: number;
  /** `steps`, `s` (sleep) or `kg` (`lb` with the imperial option); `""` for unknown goals. */
  unit: string;
  rawValue: number;
  /** The decimal exponent; 0 for plain counts. */
  rawUnit: number;
};

const ORDER = ["steps", "sleep", "weight"];
const UNITS: Readonly<Record<string, string>> = { steps: "steps", sleep: "s" };

/**
 * Flattens a getgoals body: steps, sleep, weight, then any other numeric goal.
 *
 * @example
 * ```ts
 * // What toRows("goals", body, options) runs:
 * goalRows(body, new RowContext("toRows", options));
 * ```
 */
export function goalRows(body: GetGoalsBody, ctx: RowContext): GoalRow[] {
  const goals = (body.goals ?? {}) as Readonly<Record<string, unknown>>;
  const keys = [...ORDER, ...Object.keys(goals).filter((k) => !ORDER.includes(k))];
  const rows: GoalRow[] = [];
  for (const goal of keys) {
    const raw = goals[goal];
    if (typeof raw === "number") {
      rows.push({ goal, value: raw, unit: UNITS[goal] ?? "", rawValue: raw, rawUnit: 0 });
      continue;
    }
    if (typeof raw !== "object" || raw === null) continue;
    const { value, unit } = raw as { value?: unknown; unit?: unknown };
    if (typeof value !== "number" || typeof unit !== "number") continue;
    let scaled = scaleValue(value, unit);
    let display = goal === "weight" ? "kg" : "";
    if (goal === "weight" && ctx.imperial) {
      scaled = toImperial(scaled, imperialConversions.kg, unit);
      display = imperialConversions.kg.unit;
    }
    rows.push({ goal, value: scaled, unit: display, rawValue: value, rawUnit: unit });
  }
  return rows;
}
