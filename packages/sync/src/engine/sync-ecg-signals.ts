import {
  type EcgRow,
  type EcgSignalRow,
  toRows,
  WithingsInvalidParamsError,
} from "@withings-kit/client";
import type { StoredRow } from "../store/store.js";
import { advanceCursor } from "./advance-cursor.js";
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
 * Fetches the signal of every stored ECG recording whose signal is not stored yet, one
 * heart get each, oldest recording first; a signal never changes once recorded, so a
 * stored one is never fetched again. A signal that comes back empty (the recording's
 * summary reached the cloud before its samples, quirk Q17) stores nothing and is asked for
 * again next run. A recording deleted in the cloud since it was listed answers "invalid
 * params": it is skipped, and the next reconcile removes it.
 *
 * The dataset's cursor records the newest recording whose signal is stored, for status
 * displays; what is fetched is decided by what is stored, not by the cursor.
 *
 * @example
 * ```ts
 * sync.begin("ecg_signal");
 * await syncEcgSignals(sync);
 * ```
 */
export async function syncEcgSignals(sync: UserSync): Promise<void> {
  const state = await sync.state();
  const startedAt = sync.nowSeconds();
  const stored = new Set(await sync.store.recordKeys(sync.userId, "ecg_signal", 0, MAX_EPOCH));
  const wanted: { signalid: number; timestamp: number }[] = [];
  for await (const row of sync.store.rows({ dataset: "ecg", userId: sync.userId })) {
    const recording = row as EcgRow;
    const signalid = recording.signalid;
    if (signalid === null || stored.has(String(signalid))) continue;
    wanted.push({
      signalid,
      timestamp: epochOfIso(recording.timestamp) ?? 0,
    });
  }
  wanted.sort((a, b) => a.timestamp - b.timestamp || a.signalid - b.signalid);
  sync.setTotal(wanted.length);
  let cursor = state?.cursor ?? null;
  for (const { signalid, timestamp } of wanted) {
    sync.run.signal?.throwIfAborted();
    let rows: StoredRow[];
    try {
      const body = await sync.call((signal) =>
        sync.user.getHeart({ signalid }, signal === undefined ? {} : { signal }),
      );
      rows = toRows("ecg_signal", body).map(
        (row): StoredEcgSignalRow => ({ signalid, ...row }),
      ) as StoredRow[];
    } catch (error) {
      if (error instanceof WithingsInvalidParamsError) continue;
      throw error;
    }
    if (rows.length === 0) continue;
    cursor = advanceCursor(cursor, timestamp);
    await sync.apply({ upsert: rows, state: { cursor } }, "detail");
  }
  await sync.apply({ state: { cursor, lastSyncAt: startedAt } });
  sync.setCursor(cursor);
}

// recordKeys takes a range; the signals of every recording ever made are wanted.
const MAX_EPOCH = 253_402_300_800; // 10000-01-01
