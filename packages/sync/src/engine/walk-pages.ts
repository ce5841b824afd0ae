import {
  type EndpointParams,
  type EndpointResults,
  type PageEnd,
  paginate,
} from "@withings-kit/client";
import type { ListAction } from "./minimum-requests.js";
import { PagingEndedEarlyError } from "./paging-ended-early-error.js";
import type { UserSync } from "./user-sync.js";

/**
 * Walks every page of a list action for one user with the client's `paginate` (opaque
 * offsets, the full-page probe, repeat and stuck-offset guards), each page fetched through
 * `sync.call` so that one failed page is retried alone instead of the whole walk. Pages are
 * as large as the API gives them: no page size is ever sent.
 *
 * The walk resolves only when the paginator reached the real end of the list (`"done"`).
 * The paginator stops quietly on a paging anomaly (`more` without an `offset`, an offset
 * that does not move, a repeated page) so as never to loop; here that is a failure, a
 * {@link PagingEndedEarlyError} thrown after the pages already handed to `onPage`: a caller
 * must not move a cursor past, nor delete by, pages nobody read.
 *
 * @throws {PagingEndedEarlyError} when the paginator stopped before the last page.
 * @example
 * ```ts
 * await walkPages(sync, "sleep.getsummary", { lastupdate: 0 }, async (body) => save(body));
 * ```
 */
export async function walkPages(
  sync: UserSync,
  key: ListAction,
  params: Readonly<Record<string, unknown>>,
  onPage: (body: unknown) => Promise<void>,
): Promise<void> {
  // Set from a callback: the assertion keeps TypeScript from narrowing it to `undefined`.
  let end = undefined as PageEnd | undefined;
  const pages = paginate(
    key,
    (offset) =>
      sync.call((signal) =>
        sync.user.call(
          key,
          // The action is only known at run time here; its parameters were typed by its spec.
          (offset === undefined ? params : { ...params, offset }) as EndpointParams<ListAction>,
          signal === undefined ? {} : { signal },
        ),
      ) as Promise<EndpointResults[ListAction]>,
    {
      onEnd: (reason) => {
        end = reason;
      },
    },
  );
  for await (const page of pages) {
    sync.run.signal?.throwIfAborted();
    await onPage(page);
  }
  // `paginate` reports every way it returns; a walk it did not report at all (which its
  // contract rules out) is not trusted as complete either.
  if (end !== "done") throw new PagingEndedEarlyError(key, end ?? "unreported");
}
