import { type PageEnd, WithingsResponseError } from "@withings-kit/client";

/**
 * A list walk the client's paginator stopped before the last page (`more` set without an
 * `offset`, an offset that did not move, a page that repeated the previous one): the walk
 * did not read everything it asked for, so its cursor must not move and a reconcile built
 * on it must delete nothing. The pages read before it stay stored.
 *
 * It is a {@link WithingsResponseError} (code `WITHINGS_BAD_RESPONSE`: the answers did not
 * page as the API documents), but `classifyError` counts it as a `dataset` failure, not a
 * `retry`: asking the same page again would most likely stop the same way.
 *
 * @example
 * ```ts
 * const error = new PagingEndedEarlyError("measure.getmeas", "offset-stuck");
 * error.message; // "measure.getmeas: shape at $.body.offset: paging ended early: offset-stuck"
 * ```
 */
export class PagingEndedEarlyError extends WithingsResponseError {
  /**
   * Why the paginator stopped (`"unreported"`: the walk ended without the paginator saying
   * why, which its contract rules out).
   */
  readonly end: Exclude<PageEnd, "done"> | "unreported";

  constructor(action: string, end: Exclude<PageEnd, "done"> | "unreported") {
    super("shape", "$.body.offset", `paging ended early: ${end}`, { action });
    this.name = "PagingEndedEarlyError";
    this.end = end;
  }
}
