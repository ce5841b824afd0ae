import { type EndpointParams, type EndpointResults, paginate } from "@withings-kit/client";
import type { ListAction } from "./minimum-requests.js";
import type { UserSync } from "./user-sync.js";

/**
 * Walks every page of a list action for one user with the client's `paginate` (opaque
 * offsets, the full-page probe, repeat and stuck-offset guards), each page fetched through
 * `sync.call` so that one failed page is retried alone instead of the whole walk. Pages are
 * as large as the API gives them: no page size is ever sent.
 *
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
  );
  for await (const page of pages) {
    sync.run.signal?.throwIfAborted();
    await onPage(page);
  }
}
