import type { HeartSignalBody } from "@withings-kit/client";
import type { TableEntry } from "../records/record-table.js";
import type { StoredEcg } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import type { AnswerNotes } from "./answer-notes.js";
import { detailDelay } from "./detail-delay.js";

/**
 * The heart get body of a visible recording at `now`. The signal lags the recording (Q17:
 * "ECG summaries (`afib`) can appear before the full `signal`"): until a seeded delay after
 * the recording's last change it is answered with status 0 and an empty `signal` array,
 * the answer seen on the real cloud ([OBS, S7], reference §1.9), counted in `notes`.
 *
 * @example
 * ```ts
 * const body = visibleSignal(store, store.ecg.get(signalid)!, now);
 * body.signal.length; // 0 while the signal has not reached the cloud
 * ```
 */
export function visibleSignal(
  store: UserDataStore,
  entry: TableEntry<StoredEcg>,
  now: number,
  notes?: AnswerNotes,
): HeartSignalBody {
  const body = store.source.signal(store, entry);
  const cloud = store.cloud;
  if (cloud.detailLagSeconds === 0) return body;
  const visibleAt = entry.modified + detailDelay(cloud, "ecg", entry.id, entry.modified);
  if (visibleAt <= now) return body;
  if (notes !== undefined) notes.lateDetail++;
  return { ...body, signal: [] };
}
