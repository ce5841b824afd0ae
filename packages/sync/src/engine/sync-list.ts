import type { StoredRow } from "../store/store.js";
import { advanceCursor } from "./advance-cursor.js";
import type { ListSpec } from "./list-specs.js";
import type { UserSync } from "./user-sync.js";
import { walkPages } from "./walk-pages.js";
import { walkStart } from "./walk-start.js";

/**
 * The incremental walk of one list dataset for one user: from the cursor minus the overlap
 * (everything on the first run, `since` when asked), page after page, each page upserted
 * as it comes. The cursor is committed in the same `apply` as the last page, never before:
 * pages are written one behind the walk, so that the last one can carry the new cursor. A
 * crash mid-walk therefore leaves the old cursor and the next run re-reads from it, which
 * the id-keyed upserts make harmless. So does a walk that fails: a request that kept
 * failing, or paging that broke off before the last page (`walkPages` throws then, as the
 * records behind the break were never read and a cursor moved past them would never come
 * back for them).
 *
 * The new cursor is the server's `updatetime` of the first page when the action gives one
 * (getmeas): a record changed while later pages were read has a later `modified` and is
 * found next time. Otherwise it is the largest `modified` seen (heart list: `timestamp`,
 * which is a device's clock, so that cursor is never set later than the walk's start).
 *
 * A backfill (no cursor, no `since`) reads every record there is, so it also counts as a
 * deletion reconcile: `lastReconcileAt` is set with it.
 *
 * @example
 * ```ts
 * sync.begin("activity");
 * await syncList(sync, LIST_SPECS.activity);
 * const report = sync.end();
 * ```
 */
export async function syncList(sync: UserSync, spec: ListSpec): Promise<void> {
  const state = await sync.state(spec.dataset);
  const cursor = state?.cursor ?? null;
  const since = sync.run.since;
  const backfill = cursor === null && since === undefined;
  const startedAt = sync.nowSeconds();
  let server: number | undefined;
  let seen: number | null = null;
  let pending: { rows: StoredRow[]; stale: string[] } | undefined;
  await walkPages(
    sync,
    spec.key,
    spec.incremental(walkStart(cursor, sync.settings.overlapSeconds, since)),
    async (body) => {
      const rows = spec.rows(body);
      const pageCursor = spec.cursor(body);
      server ??= pageCursor.server;
      seen = advanceCursor(seen, pageCursor.seen);
      if (pending !== undefined) await sync.apply(batchOf(pending), "page");
      pending = { rows, stale: (await spec.stale?.(sync, body, rows)) ?? [] };
    },
  );
  let next = advanceCursor(cursor, server ?? seen);
  // A device's clock can be ahead (an ECG stamped next month): a cursor past now would make
  // every walk until then ask from after every new recording. Every honest stamp the walk
  // read is older than its start; a recording stamped later is merely read again next time.
  // This also brings back a cursor a device already pushed ahead.
  if (spec.deviceClock === true && next !== null && next > startedAt) next = startedAt;
  await sync.apply(
    {
      ...batchOf(pending ?? { rows: [], stale: [] }),
      state: {
        cursor: next,
        lastSyncAt: startedAt,
        ...(backfill ? { lastReconcileAt: startedAt } : {}),
      },
    },
    pending === undefined ? undefined : "page",
  );
  sync.setCursor(next);
}

function batchOf(page: { rows: StoredRow[]; stale: string[] }) {
  return { upsert: page.rows, ...(page.stale.length > 0 ? { delete: page.stale } : {}) };
}
