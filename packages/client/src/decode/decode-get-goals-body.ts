import type { ErrorContext } from "../errors/withings-error.js";
import type { GetGoalsBody } from "../types/user.js";
import { DecodePath } from "./decode-path.js";
import { asMap, asObject, type Copy, optInt, optValue, reqInt, reqValue } from "./read.js";

/**
 * Checks and decodes the body of `user.getgoals`. A user without goals gets `"goals": []`
 * (quirk Q12, aiowithings fixture `no_goals.json`), decoded as `{}`; any single goal can be
 * missing.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * decodeGetGoalsBody({ goals: [] }); // { goals: {} }
 * decodeGetGoalsBody({ goals: { steps: 10000 } }).goals.steps; // 10000
 * ```
 */
export function decodeGetGoalsBody(body: unknown, context?: ErrorContext): GetGoalsBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  const copy = reqValue(b, "goals", at, undefined, decodeGoals);
  return (copy ?? b) as unknown as GetGoalsBody;
}

function decodeGoals(value: unknown, at: DecodePath): unknown {
  const goals = asMap(value, at);
  let copy: Copy;
  copy = optInt(goals, "steps", at, copy);
  copy = optInt(goals, "sleep", at, copy);
  copy = optValue(goals, "weight", at, copy, decodeWeightGoal);
  return copy ?? goals;
}

function decodeWeightGoal(value: unknown, at: DecodePath): unknown {
  const weight = asObject(value, at);
  let copy: Copy;
  // Scaled like a measure: value × 10^unit, both integers.
  copy = reqInt(weight, "value", at, copy);
  copy = reqInt(weight, "unit", at, copy);
  return copy ?? weight;
}
