import {
  type EcgRow,
  type EcgSignalRow,
  toRows,
  WithingsInvalidParamsError,
} from "@withings-kit/client";
import type { DetailUnit, StoredRow } from "../store/store.js";
import { epochOfIso } from "./epoch-of-iso.js";
import type { UserSync } from "./user-sync.js";

/**
 * An ECG signal row as stored: the recording's `signalid` in front (heart get has none).
 *
 * @example
 * ```ts
 * const rows: StoredEcgSignalRow[] = toRows("ecg_signal", body).map((r) => ({ signalid, ...r }));
 * ```
 */
export type StoredEcgSignalRow = { readonly signalid: number } & EcgSignalRow;

/**
 * Fetches ECG signals, one heart get each: for every recording marked (new, changed or
 * deleted), once more for one fetched before its signal settled, and for any stored
 * recording whose signal is neither stored nor tracked (a store written before units
 * existed). A signal is written whole. One that comes back empty — the recording reached
 * the cloud before its samples, quirk Q17 — stores nothing and is asked for again once it
 * has settled. A recording the cloud no longer knows answers "invalid params": its signal
 * is deleted.
 *
 * @example
 * ```ts
 * sync.begin("ecg_signal");
 * await syncEcgSignals(sync);
 * ```
 */
export async function syncEcgSignals(sync: UserSync): Promise<void> {
  const now = sync.cloudNow();
  const work = await sync.store.units(sync.userId, "ecg_signal", { due: now });
  const tracked = new Set(
    (await sync.store.units(sync.userId, "ecg_signal")).map((unit) => unit.key),
  );
  const stored = new Set(await sync.store.recordKeys(sync.userId, "ecg_signal", 0, MAX_EPOCH));
  for await (const row of sync.store.rows({ dataset: "ecg", userId: sync.userId })) {
    const recording = row as EcgRow;
    if (recording.signalid === null) continue;
    const key = String(recording.signalid);
    if (tracked.has(key) || stored.has(key)) continue;
    const at = epochOfIso(recording.timestamp) ?? 0;
    work.push({
      dataset: "ecg_signal",
      key,
      start: at,
      end: at + 1,
      dirty: true,
      fetchedAt: null,
      settleAt: null,
    });
  }
  work.sort((a, b) => a.start - b.start || Number(a.key) - Number(b.key));
  sync.setTotal(work.length);
  for (const unit of work) {
    sync.run.signal?.throwIfAborted();
    const signalid = Number(unit.key);
    let rows: StoredRow[];
    try {
      const body = await sync.call((options) => sync.user.getHeart({ signalid }, options));
      rows = toRows("ecg_signal", body).map(
        (row): StoredEcgSignalRow => ({ signalid, ...row }),
      ) as StoredRow[];
    } catch (error) {
      if (!(error instanceof WithingsInvalidParamsError)) throw error;
      await sync.apply(
        { delete: [unit.key], units: [{ dataset: "ecg_signal", key: unit.key, remove: true }] },
        "detail",
      );
      continue;
    }
    const fetchedAt = sync.cloudNow();
    const next: DetailUnit = {
      ...unit,
      dirty: false,
      fetchedAt,
      settleAt: unit.settleAt !== null && fetchedAt < unit.settleAt ? unit.settleAt : null,
    };
    await sync.apply(
      rows.length > 0 ? { upsert: rows, units: [next] } : { units: [next] },
      "detail",
    );
  }
  await sync.apply({ state: { lastSyncAt: now } });
}

// recordKeys takes a range; the signals of every recording ever made are wanted.
const MAX_EPOCH = 253_402_300_800; // 10000-01-01
