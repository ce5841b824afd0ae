import type { UserDataStore } from "../records/user-data-store.js";
import type { AnswerBody } from "./data-answer.js";

/**
 * The body of `user.getgoals`: `{ goals: {steps, sleep, weight: {value, unit}} }`, with
 * `"goals": []` (an empty JSON array, not an object) when the user has none, as the real
 * cloud answers (aiowithings no_goals.json).
 *
 * @example
 * ```ts
 * answerGetgoals(emptyStore); // { goals: [] }
 * ```
 */
export function answerGetgoals(store: UserDataStore): AnswerBody<"user.getgoals"> {
  return { goals: store.goals ?? [] };
}
