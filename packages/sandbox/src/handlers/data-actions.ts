import { DATA_ENDPOINT_KEYS, type DataEndpointKey, SandboxParamError } from "../data/index.js";
import { type ApiAnswer, fail, ok } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { ApiActionTable, BearerCall } from "./api-call.js";

function answerData(ctx: SandboxContext, call: BearerCall): ApiAnswer {
  const user = ctx.users.get(call.grant.userid);
  // Users outlive their tokens except across a reset, which also drops the tokens.
  if (user === undefined) return fail(401, ERROR_TEXTS.invalidToken);
  const params = new URLSearchParams(call.params);
  params.delete("access_token");
  try {
    return ok(
      user.data.answer(
        call.key as DataEndpointKey,
        params,
        Math.floor(call.now / 1000),
        ctx.options.pageSizes,
      ),
    );
  } catch (error) {
    if (error instanceof SandboxParamError) return fail(503, `Invalid Params: ${error.message}`);
    throw error;
  }
}

/**
 * The bearer data actions (measures, activity, heart, sleep, user), each answered by the data
 * layer of the token's user; a {@link SandboxParamError} becomes body status 503.
 *
 * @example
 * ```ts
 * const answer = dataActions["measure.getmeas"](ctx, call);
 * ```
 */
export const dataActions = Object.fromEntries(
  DATA_ENDPOINT_KEYS.map((key) => [key, answerData]),
) as Pick<ApiActionTable, DataEndpointKey>;
