import { recordKeyOf } from "../store/record-key-of.js";
import type { StoredRow } from "../store/store.js";
import type { ListSpec } from "./list-specs.js";
import { parentMarks } from "./parent-marks.js";
import { readList } from "./read-list.js";
import { readWindow } from "./read-window.js";
import type { UserSync } from "./user-sync.js";

/** Days the confirming read is widened by beyond the first read's own retries (0–3). */
const CONFIRM_WIDEN = 4;

/**
 * Re-reads the records of one list dataset whose instant is in `[from, to)` (epoch seconds)
 * and makes the store hold exactly what the cloud holds there: every record read is written
 * whole (an edit or a late upload that the incremental walk missed is caught on the way),
 * and every stored record of the range that the cloud no longer answers is deleted, with
 * marks on the detail it covered (intraday windows, a night's detail, a signal), so that
 * the detail is read again and replaced.
 *
 * Withings keeps no tombstones (quirk Q9): a deleted record just stops being answered, and
 * so does a record an answer left out by mistake. So a record is deleted only when a second
 * read of the range (a day wider, so that the API does not refuse it as a duplicate) lacks
 * it too, and only after each read was proven complete (`readList`). A read that failed
 * deletes nothing. Each read asks a wider range than it compares (see `readWindow`).
 *
 * @example
 * ```ts
 * const now = sync.cloudNow();
 * await rereadRange(sync, LIST_SPECS.measures, now - 30 * 86_400, now + 2 * 86_400);
 * ```
 */
export async function rereadRange(
  sync: UserSync,
  spec: ListSpec,
  from: number,
  to: number,
): Promise<void> {
  const read = (widen: number) =>
    readList(
      sync,
      spec,
      (k) => spec.range(readWindow(from, to, widen + k)),
      (item) => spec.instant(item),
      (value) => value === null || (value >= from && value < to),
      async (rows) => {
        await sync.apply(
          { upsert: rows, dependents: await parentMarks(sync, spec.dataset, rows) },
          "reconcile",
        );
      },
    );
  const first = await read(0);
  const stored = await sync.store.recordKeys(sync.userId, spec.dataset, from, to);
  const suspects = stored.filter((key) => !first.keys.has(key));
  if (suspects.length === 0) return;
  const second = await read(CONFIRM_WIDEN);
  const gone = new Set(suspects.filter((key) => !second.keys.has(key)));
  if (gone.size === 0) return;
  // The stored rows of what is gone, for the detail they covered. Read whole before the
  // write: a store may not allow writes while one of its reads is open.
  const rows: StoredRow[] = [];
  for await (const row of sync.store.rows({
    dataset: spec.dataset,
    userId: sync.userId,
    from,
    to,
  })) {
    const key = recordKeyOf(spec.dataset, row);
    if (key !== undefined && gone.has(key)) rows.push(row);
  }
  await sync.apply(
    { delete: [...gone], dependents: await parentMarks(sync, spec.dataset, rows) },
    "reconcile",
  );
}
