import type { AnswerNotes } from "./answer-notes.js";
import type { QueryParams } from "./query-params.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { UserDataStore } from "./user-data-store.js";
import { visibleSignal } from "./visible-signal.js";

/**
 * The body of `heart.get`: the signal of one heart-list recording (`signal` in µV,
 * `sampling_frequency`, `wearposition`, `model`, `heart_rate`). Every visible recording has
 * one, but it reaches the cloud after the recording (Q17): until then the answer is status 0
 * with an empty `signal` (see `visibleSignal`). An unknown or not yet uploaded `signalid` is
 * a parameter error. `with_filtered` and `with_intervals` are accepted and ignored.
 *
 * @example
 * ```ts
 * const body = answerHeartGet(store, new QueryParams(new URLSearchParams("signalid=100123450")), now);
 * ```
 */
export function answerHeartGet(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  notes?: AnswerNotes,
): object {
  const signalid = q.int("signalid");
  if (signalid === undefined) throw new SandboxParamError("signalid is required");
  let entry = store.ecg.get(signalid);
  if (entry === undefined && !store.complete) {
    // The recording may belong to history not generated yet.
    store.needAll();
    entry = store.ecg.get(signalid);
  }
  if (entry === undefined || entry.created > now)
    throw new SandboxParamError(`unknown signalid ${signalid}`);
  return visibleSignal(store, entry, now, notes);
}
