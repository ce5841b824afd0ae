import { visibleSignal } from "../detail-lag/visible-signal.js";
import type { QueryParams } from "../queries/query-params.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";

/**
 * The body of `heart.get`: the signal of one heart-list recording (`signal` in µV,
 * `sampling_frequency`, `wearposition`, `model`, `heart_rate`). Every visible recording has
 * one, but it reaches the cloud after the recording (Q17): until then the answer is status 0
 * with an empty `signal` (see `visibleSignal`). An unknown or not yet uploaded `signalid` is
 * a parameter error. `with_filtered` and `with_intervals` are accepted and ignored.
 *
 * @example
 * ```ts
 * const body = answerHeartGet(store, new QueryParams(new URLSearchParams("signalid=100123450")), now, {});
 * ```
 */
export function answerHeartGet(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"heart.get"> {
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
  return visibleSignal(store, entry, now, context.notes);
}
