import type { ActivityRow } from "@withings-kit/client";
import { recordKeyOf } from "../store/record-key-of.js";
import type { DependentMark, StoredRow } from "../store/store.js";
import { detailMarks } from "./detail-marks.js";
import type { ListDataset } from "./list-specs.js";
import { localDayWindow } from "./local-day-window.js";
import type { UserSync } from "./user-sync.js";

/**
 * The detail marks of parent rows about to be written (see `detailMarks`), with what they
 * need from the run and the store: the user's tiling zone, and for activity records the
 * stored version of each, so that a record whose zone was edited (same date, same key)
 * marks the windows its day covered before as well as those it covers now. Samples there
 * were labelled with the old zone and must be read and labelled again.
 *
 * @example
 * ```ts
 * await sync.apply({ upsert: rows, dependents: await parentMarks(sync, "activity", rows) });
 * ```
 */
export async function parentMarks(
  sync: UserSync,
  dataset: ListDataset,
  rows: readonly StoredRow[],
): Promise<DependentMark[]> {
  const context = {
    // Only activity's marks need the tiling zone; a first activity sync fixes it from its
    // own records when nothing else told the user's zone.
    tilingZone: dataset === "activity" ? await sync.tilingZone(rows) : "UTC",
    userZone: dataset === "activity" ? await sync.zone() : "UTC",
    settleSeconds: sync.settings.detailSettleSeconds,
  };
  const previous = dataset === "activity" ? await storedDays(sync, rows) : undefined;
  return detailMarks(dataset, rows, context, previous);
}

// The stored activity records with the keys of `rows`, read whole before the write (a store
// may not allow writes while one of its reads is open).
async function storedDays(
  sync: UserSync,
  rows: readonly StoredRow[],
): Promise<Map<string, StoredRow>> {
  const keys = new Set<string>();
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const key = recordKeyOf("activity", row);
    if (key === undefined) continue;
    let at: number;
    try {
      // Stores place a day's record on the UTC midnight of its date.
      at = localDayWindow((row as ActivityRow).date, "UTC").start;
    } catch {
      continue;
    }
    keys.add(key);
    from = Math.min(from, at);
    to = Math.max(to, at + 1);
  }
  const stored = new Map<string, StoredRow>();
  if (keys.size === 0) return stored;
  for await (const row of sync.store.rows({ dataset: "activity", userId: sync.userId, from, to })) {
    const key = recordKeyOf("activity", row);
    if (key !== undefined && keys.has(key)) stored.set(key, row);
  }
  return stored;
}
