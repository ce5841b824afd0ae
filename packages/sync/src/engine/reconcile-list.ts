import type { ActivityRow, SleepSummaryRow } from "@withings-kit/client";
import { recordKeyOf } from "../store/record-key-of.js";
import type { SyncDataset } from "../sync-dataset.js";
import { epochOfIso } from "./epoch-of-iso.js";
import type { ListSpec } from "./list-specs.js";
import { localDayWindow } from "./local-day-window.js";
import { type ReconcileWindow, reconcileWindow } from "./reconcile-window.js";
import type { UserSync } from "./user-sync.js";
import { walkPages } from "./walk-pages.js";

/**
 * The deletion reconcile of one list dataset of a user. Withings keeps no tombstones
 * (quirk Q9): a deleted record simply stops being answered. So the last `days` are re-read
 * by date, every record read is upserted (an edit or a late upload the incremental walk
 * missed is caught on the way), and every stored record of that window the re-read did not
 * return is deleted, with its dependent rows: the intraday samples of a deleted activity
 * day, the sleep detail of a deleted night, the signal of a deleted ECG. A deleted measure
 * group removes that group's rows only, never those of another group with the same date
 * (quirk Q10): records are keyed by `grpid`.
 *
 * The re-read asks a wider range than it compares (see `reconcileWindow`), and deletes only
 * after every page of it came back: a failed re-read deletes nothing, nor does one whose
 * paging broke off before the last page (`walkPages` throws). When more than a quarter of
 * the window (and over ten records) seems gone, a second re-read confirms it.
 *
 * @example
 * ```ts
 * await reconcileList(sync, LIST_SPECS.measures, 30);
 * ```
 */
export async function reconcileList(sync: UserSync, spec: ListSpec, days: number): Promise<void> {
  const now = sync.nowSeconds();
  const window = reconcileWindow(now, days);
  let seen = await reread(sync, spec, window);
  const stored = await sync.store.recordKeys(sync.userId, spec.dataset, window.from, window.to + 1);
  let gone = stored.filter((key) => !seen.has(key));
  // A re-read that stopped early (a list claiming "no more" on a page the client did not
  // know was full, §1.13) would make a whole stretch look deleted. When much of the window
  // seems gone, read it once more and delete only what both reads lack.
  if (gone.length > MASS_DELETE_MIN && gone.length > stored.length * MASS_DELETE_SHARE) {
    seen = await reread(sync, spec, reconcileWindow(now, days, 1));
    gone = gone.filter((key) => !seen.has(key));
  }
  if (gone.length > 0) await deleteDependents(sync, spec.dataset, gone, window.from, window.to);
  await sync.apply({
    ...(gone.length > 0 ? { delete: gone } : {}),
    state: { lastReconcileAt: now },
  });
  sync.markReconciled();
}

const MASS_DELETE_MIN = 10;
const MASS_DELETE_SHARE = 0.25;

// Re-reads the window, upserting what comes back, and returns the record keys seen.
async function reread(
  sync: UserSync,
  spec: ListSpec,
  window: ReconcileWindow,
): Promise<Set<string>> {
  const seen = new Set<string>();
  await walkPages(sync, spec.key, spec.range(window), async (body) => {
    const rows = spec.rows(body);
    for (const row of rows) {
      const key = recordKeyOf(spec.dataset, row);
      if (key !== undefined) seen.add(key);
    }
    const stale = (await spec.stale?.(sync, body, rows)) ?? [];
    await sync.apply({ upsert: rows, ...(stale.length > 0 ? { delete: stale } : {}) }, "reconcile");
  });
  return seen;
}

// Dependent rows go first: if the run stops in between, the parent is still stored and the
// next reconcile finds it gone again. Stored rows are read fully before anything is written,
// as a store may not allow writes while one of its reads is open.
async function deleteDependents(
  sync: UserSync,
  dataset: SyncDataset,
  gone: readonly string[],
  from: number,
  to: number,
): Promise<void> {
  const goneSet = new Set(gone);
  const wide = { userId: sync.userId, from: from - 3 * 86_400, to: to + 3 * 86_400 };
  const windows: { start: number; end: number; dataset: "intraday" | "sleep" }[] = [];
  if (dataset === "activity") {
    for await (const row of sync.store.rows({ ...wide, dataset: "activity" })) {
      const day = row as ActivityRow;
      if (!goneSet.has(day.date)) continue;
      windows.push({ ...localDayWindow(day.date, day.timezone), dataset: "intraday" });
    }
  } else if (dataset === "sleep_summaries") {
    for await (const row of sync.store.rows({ ...wide, dataset: "sleep_summaries" })) {
      const night = row as SleepSummaryRow;
      if (!goneSet.has(String(night.id))) continue;
      const start = epochOfIso(night.startdate);
      const end = epochOfIso(night.enddate);
      if (start !== null && end !== null) windows.push({ start, end: end + 1, dataset: "sleep" });
    }
  } else if (dataset === "ecg") {
    await sync.apply({ dataset: "ecg_signal", delete: gone });
  }
  for (const w of windows) {
    const keys = await sync.store.recordKeys(sync.userId, w.dataset, w.start, w.end);
    if (keys.length > 0) await sync.apply({ dataset: w.dataset, delete: keys });
  }
}
