import { type ErrorContext, WithingsError } from "./withings-error.js";

/**
 * What was wrong with an answer.
 *
 * @example
 * ```ts
 * const problem: ResponseProblem = "truncated"; // the connection dropped mid-answer
 * ```
 */
export type ResponseProblem = "not-json" | "truncated" | "html" | "shape";

/**
 * The answer could not be read: HTML or other non-JSON text, truncated JSON, or JSON of the
 * wrong shape. `path` points at the offending value (`$.body.measuregrps[3].grpid`).
 *
 * @example
 * ```ts
 * if (err instanceof WithingsResponseError) console.log(err.problem, err.path);
 * ```
 */
export class WithingsResponseError extends WithingsError {
  readonly problem: ResponseProblem;
  /** A JSONPath-like pointer to what was wrong; `$` for the whole answer. */
  readonly path: string;

  constructor(problem: ResponseProblem, path: string, detail: string, context: ErrorContext = {}) {
    super("WITHINGS_BAD_RESPONSE", `${problem} at ${path}: ${detail}`, context);
    this.name = "WithingsResponseError";
    this.problem = problem;
    this.path = path;
  }
}
