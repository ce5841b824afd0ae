import { answerGetactivity } from "./answer-getactivity.js";
import { answerGetdevice } from "./answer-getdevice.js";
import { answerGetgoals } from "./answer-getgoals.js";
import { answerGetmeas } from "./answer-getmeas.js";
import { answerGetsummary } from "./answer-getsummary.js";
import { answerGetworkouts } from "./answer-getworkouts.js";
import { answerHeartGet } from "./answer-heart-get.js";
import { answerHeartList } from "./answer-heart-list.js";
import { answerIntraday } from "./answer-intraday.js";
import { answerSleepGet } from "./answer-sleep-get.js";
import type { DataAnswer } from "./data-answer.js";
import type { DataEndpointKey } from "./data-endpoint-key.js";

/**
 * The answer of every data action, keyed like the client's endpoint table
 * (`service.action`). The `satisfies` clause fails the build when a {@link DataEndpointKey}
 * has no answer, when a key is not a data action, or when an answer's body drifts from the
 * client's result type for its action (see `AnswerBody`).
 *
 * @example
 * ```ts
 * const body = DATA_ANSWERS["user.getgoals"](store, new QueryParams(new URLSearchParams()), now, {});
 * ```
 */
export const DATA_ANSWERS = Object.freeze({
  "measure.getmeas": answerGetmeas,
  "measure.getactivity": answerGetactivity,
  "measure.getintradayactivity": answerIntraday,
  "measure.getworkouts": answerGetworkouts,
  "heart.list": answerHeartList,
  "heart.get": answerHeartGet,
  "sleep.get": answerSleepGet,
  "sleep.getsummary": answerGetsummary,
  "user.getdevice": answerGetdevice,
  "user.getgoals": answerGetgoals,
} as const satisfies { readonly [K in DataEndpointKey]: DataAnswer<K> });
