import { recordKeyOf } from "../store/record-key-of.js";
import { advanceCursor } from "./advance-cursor.js";
import type { DetailItem, DetailSpec } from "./detail-specs.js";
import { type DetailParent, planDetails } from "./plan-details.js";
import type { UserSync } from "./user-sync.js";

/**
 * Syncs a dense dataset (intraday samples, sleep detail) of one user from the parents
 * already stored: only parents that are new or changed since the dataset's watermark, and
 * that say they have data, cost a request (see `planDetails`). Each parent's detail
 * replaces what was stored for its window: rows the fresh answer no longer has are deleted
 * in the same `apply` that upserts the others and moves the watermark, so a crash loses at
 * most the parent in flight, which the next run fetches again.
 *
 * Working from stored parents, not from the parent walk of the same run, keeps the two
 * decoupled: a run that synced only `activity`, or crashed after it, leaves the intraday
 * work for the next run to find.
 *
 * The watermark never passes the parent dataset's cursor. Stored parents are not all the
 * parents there are: a parent walk that failed half-way stored its first pages, which can
 * hold a parent edited a moment ago (an old day, pages come by date), while parents it did
 * not reach yet have older `modified`s. A watermark at the edited parent's `modified` would
 * pass those, and once stored they would look done. The parent cursor only moves when a
 * walk read everything up to it, so every parent modified at or before it is stored: a
 * watermark at most there can skip nothing (and with no parent cursor yet there is none).
 * Parents stored beyond it are fetched now and, the watermark staying below them, again
 * once the parent walk completes: a request each, only after a failed parent walk.
 *
 * @example
 * ```ts
 * sync.begin("intraday");
 * await syncDetails(sync, DETAIL_SPECS.intraday);
 * ```
 */
export async function syncDetails(sync: UserSync, spec: DetailSpec): Promise<void> {
  // The parent cursor first, then the parents: every parent it covers is among them.
  const ceiling = (await sync.state(spec.parent))?.cursor ?? null;
  // Also lowers a watermark stored above the parent cursor (by an earlier version of this
  // function): what lies between them is fetched once more.
  const watermark = atMost((await sync.state(spec.dataset))?.cursor ?? null, ceiling);
  const startedAt = sync.nowSeconds();
  // Read every parent first (a few thousand small objects for ten years): a store may not
  // allow writes while one of its reads is open.
  const parents: DetailParent<DetailItem>[] = [];
  for await (const row of sync.store.rows({ dataset: spec.parent, userId: sync.userId })) {
    const parent = spec.parentOf(row);
    if (parent !== undefined) parents.push(parent);
  }
  const plan = planDetails(parents, watermark, sync.settings.overlapSeconds);
  sync.setTotal(plan.fetch.length);

  for (const parent of plan.clear) {
    const stale = await storedKeys(sync, spec, parent.item);
    if (stale.length > 0) await sync.apply({ delete: stale });
  }
  let mark = watermark;
  for (const candidate of plan.fetch) {
    sync.run.signal?.throwIfAborted();
    const stored = await storedKeys(sync, spec, candidate.item);
    // Inside the overlap below the watermark: only a parent whose detail is missing.
    if (candidate.recheck && stored.length > 0) continue;
    const rows = await spec.fetchRows(sync, candidate.item);
    const fresh = new Set<string>();
    for (const row of rows) {
      const key = recordKeyOf(spec.dataset, row);
      if (key !== undefined) fresh.add(key);
    }
    const gone = stored.filter((key) => !fresh.has(key));
    // Candidates come oldest `modified` first, so the capped mark still only grows.
    mark = atMost(candidate.watermark ?? mark, ceiling);
    await sync.apply(
      {
        upsert: rows,
        ...(gone.length > 0 ? { delete: gone } : {}),
        ...(mark === null ? {} : { state: { cursor: mark } }),
      },
      "detail",
    );
  }
  // Every parent is handled now, including those that want no detail: the watermark can
  // move up to the newest of them, but not past the parent cursor (see above).
  for (const parent of parents) mark = advanceCursor(mark, parent.modified);
  mark = atMost(mark, ceiling);
  await sync.apply({ state: { cursor: mark, lastSyncAt: startedAt } });
  sync.setCursor(mark);
}

// `value`, lowered to `ceiling`; `null` (no watermark: everything is new) without a ceiling.
function atMost(value: number | null, ceiling: number | null): number | null {
  if (value === null || ceiling === null) return null;
  return Math.min(value, ceiling);
}

function storedKeys(sync: UserSync, spec: DetailSpec, item: DetailItem): Promise<string[]> {
  return sync.store.recordKeys(sync.userId, spec.dataset, item.start, item.end);
}
