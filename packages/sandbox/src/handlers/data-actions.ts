import { LIST_ACTION_KEYS, type ListActionKey } from "../cloud/list-action-key.js";
import {
  type AnswerNotes,
  DATA_ENDPOINT_KEYS,
  type DataEndpointKey,
  SandboxParamError,
} from "../data/index.js";
import { type ApiAnswer, fail, ok } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { ApiActionTable, BearerCall } from "./api-call.js";

const LISTS: ReadonlySet<string> = new Set(LIST_ACTION_KEYS);

function answerData(ctx: SandboxContext, call: BearerCall): ApiAnswer {
  const user = ctx.users.get(call.grant.userid);
  // Users outlive their tokens except across a reset, which also drops the tokens.
  if (user === undefined) return fail(401, ERROR_TEXTS.invalidToken);
  const params = new URLSearchParams(call.params);
  params.delete("access_token");
  const notes: AnswerNotes = { lateDetail: 0 };
  let body: unknown;
  try {
    body = user.data.answer(
      call.key as DataEndpointKey,
      params,
      Math.floor(call.now / 1000),
      undefined,
      notes,
    );
  } catch (error) {
    if (error instanceof SandboxParamError) return fail(503, `Invalid Params: ${error.message}`);
    throw error;
  }
  if (notes.lateDetail > 0) ctx.stats.quirk("lateDetail");
  if (LISTS.has(call.key) && typeof body === "object" && body !== null) {
    // The lies of single answers (hidden `more`, omission) are the HTTP layer's: the data
    // layer's answer stays the truth tests compare with.
    const told = ctx.lies.apply(call.key as ListActionKey, user.userid, body);
    if (told.hiddenMore) ctx.stats.quirk("hiddenMore");
    if (told.omitted) ctx.stats.quirk("omitted");
    body = told.body;
  }
  return ok(body);
}

/**
 * The bearer data actions (measures, activity, heart, sleep, user), each answered by the data
 * layer of the token's user under the cloud's behaviour, then, for list actions, with the
 * lies of single answers (`hiddenMore`, `omission`); a {@link SandboxParamError} becomes body
 * status 503. Every application of a behaviour switch is counted in `stats().quirks`.
 *
 * @example
 * ```ts
 * const answer = dataActions["measure.getmeas"](ctx, call);
 * ```
 */
export const dataActions = Object.fromEntries(
  DATA_ENDPOINT_KEYS.map((key) => [key, answerData]),
) as Pick<ApiActionTable, DataEndpointKey>;
