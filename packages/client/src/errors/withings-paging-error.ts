import { type ErrorContext, WithingsError } from "./withings-error.js";

/**
 * Why a list's paging could not be followed to its end:
 * - `more-without-offset`: a page said there is more but gave no offset to ask from;
 * - `offset-stuck`: the offset to ask next is the one just asked;
 * - `offset-repeated`: the walk came back to an offset it already asked;
 * - `page-repeated`: pages kept coming back with nothing not already read;
 * - `unstable`: the list kept changing between reads, so no read could be shown complete.
 *
 * @example
 * ```ts
 * const problem: PagingProblem = "offset-stuck";
 * ```
 */
export type PagingProblem =
  | "more-without-offset"
  | "offset-stuck"
  | "offset-repeated"
  | "page-repeated"
  | "unstable";

const TEXTS: Readonly<Record<PagingProblem, string>> = {
  "more-without-offset": "a page said there is more but gave no offset",
  "offset-stuck": "the next offset is the one just asked",
  "offset-repeated": "the paging came back to an offset already asked",
  "page-repeated": "pages kept repeating rows already read",
  unstable: "the list kept changing while it was read",
};

/**
 * A list walk stopped before it could show it had read every row (reference §1.13: `more`
 * and `offset` are unreliable). The rows already read are good; what comes after them was
 * never seen, so a caller must not move a cursor past it nor delete by it. Asking again
 * later usually works: these anomalies are transient.
 *
 * @example
 * ```ts
 * try { await walkList(fetchPage, options); } catch (e) { if (e instanceof WithingsPagingError) retryLater(e.problem); }
 * ```
 */
export class WithingsPagingError extends WithingsError {
  readonly problem: PagingProblem;

  constructor(problem: PagingProblem, context: ErrorContext = {}) {
    super("WITHINGS_PAGING", `paging ended early: ${TEXTS[problem]}`, context);
    this.name = "WithingsPagingError";
    this.problem = problem;
  }
}
