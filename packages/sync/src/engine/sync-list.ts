import type { GetMeasBody } from "@withings-kit/client";
import type { StoredRow, SyncMeta } from "../store/store.js";
import { advanceCursor } from "./advance-cursor.js";
import { isZone } from "./is-zone.js";
import type { ListSpec } from "./list-specs.js";
import { parentMarks } from "./parent-marks.js";
import { readList } from "./read-list.js";
import type { UserSync } from "./user-sync.js";
import { walkStart } from "./walk-start.js";

/**
 * The incremental walk of one list dataset for one user: what changed after the cursor minus
 * the overlap (everything on the first run, from `since` when asked), read whole and proven
 * complete by `readList`, each page written as it comes with the detail marks of its parents.
 * The cursor moves only after the read is proven, in its own write: a crash, a failed
 * request or paging that broke off leaves the old cursor, and the next run reads the same
 * stretch again (harmless: records are written whole, by the API's ids).
 *
 * The new cursor is the cloud's time when the read began (getmeas `updatetime`, else the
 * cloud's clock from the answers' `Date`), not the newest `modified` read: a record edited
 * while a long walk went on has a later stamp and is read next time, whatever else the walk
 * saw. Heart list's filter reads a device's clock; its cursor is the walk's start too, which
 * also brings back a cursor a device stamped in the future once pushed.
 *
 * A backfill (no cursor, no `since`) reads every record there is, so it also counts as a
 * deletion reconcile and as a complete pass of the history sweep.
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
  const start = walkStart(cursor, sync.settings.overlapSeconds, since);
  let zone: string | undefined;
  const read = await readList(
    sync,
    spec,
    (k) => spec.incremental(start + k),
    (item) => spec.stamp(item),
    (value, k) => value === null || value > start + k,
    async (rows: StoredRow[], body) => {
      if (spec.key === "measure.getmeas") zone ??= (body as GetMeasBody).timezone ?? undefined;
      await sync.apply(
        { upsert: rows, dependents: await parentMarks(sync, spec.dataset, rows) },
        "page",
      );
    },
  );
  const now = sync.cloudNow();
  const next = spec.deviceClock === true ? read.startedAt : advanceCursor(cursor, read.startedAt);
  const meta: Record<string, unknown> = { ...(state?.meta ?? {}), pageHint: read.pageHint };
  if (zone !== undefined && isZone(zone)) {
    meta["timezone"] = zone;
    sync.setZone(zone);
  }
  if (spec.dataset === "activity") meta["tilingZone"] = await sync.tilingZone();
  if (backfill) meta["sweep"] = { passStart: now, through: now };
  await sync.apply({
    state: {
      cursor: next,
      lastSyncAt: now,
      ...(backfill ? { lastReconcileAt: now } : {}),
      meta: meta as SyncMeta,
    },
  });
  sync.setCursor(next);
}
