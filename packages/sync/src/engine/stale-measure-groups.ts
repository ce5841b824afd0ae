import type { GetMeasBody, MeasureRow } from "@withings-kit/client";
import type { StoredRow } from "../store/store.js";
import type { UserSync } from "./user-sync.js";

/**
 * The `grpid`s of a getmeas page whose stored rows include measures the fresh group no
 * longer has. A measure group is one record of several rows (one per type and position):
 * upserting the fresh rows of an edited group would leave a removed measure behind, so
 * such a group is deleted and written again in the same `apply` (the store deletes before
 * it upserts). Only groups edited after their upload (`modified` ≠ `created`) can have
 * lost a measure; each is looked up at its own instant, so a backfill of new groups costs
 * no extra read.
 *
 * @example
 * ```ts
 * const stale = await staleMeasureGroups(sync, "measures", body, rows);
 * await sync.apply({ upsert: rows, delete: stale });
 * ```
 */
export async function staleMeasureGroups(
  sync: UserSync,
  dataset: "measures" | "objectives",
  body: GetMeasBody,
  rows: readonly StoredRow[],
): Promise<string[]> {
  const edited = body.measuregrps.filter((g) => g.modified !== g.created);
  if (edited.length === 0) return [];
  const fresh = new Map<number, Set<string>>();
  for (const row of rows as readonly MeasureRow[]) {
    let measures = fresh.get(row.grpid);
    if (measures === undefined) {
      measures = new Set();
      fresh.set(row.grpid, measures);
    }
    measures.add(`${row.type}|${row.position}`);
  }
  const stale: string[] = [];
  for (const group of edited) {
    const measures = fresh.get(group.grpid) ?? new Set<string>();
    const at = { dataset, userId: sync.userId, from: group.date, to: group.date + 1 };
    for await (const row of sync.store.rows(at)) {
      const m = row as MeasureRow;
      if (m.grpid === group.grpid && !measures.has(`${m.type}|${m.position}`)) {
        stale.push(String(group.grpid));
        break;
      }
    }
  }
  return stale;
}
