import { ALL_SCOPES } from "@withings-kit/client";
import { type ApiAnswer, fail, ok } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import { parseScopeList } from "../oauth/parse-scope-list.js";
import { tokenAnswer } from "../oauth/token-answer.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { ApiActionTable, AppCall } from "./api-call.js";

/**
 * The app-authenticated actions of `/v2/oauth2` and `/v2/signature` (reference §1.2–§1.4):
 * requesttoken (both grants), revoke, getdemoaccess and getnonce.
 *
 * @example
 * ```ts
 * const answer = await oauthActions["oauth2.requesttoken"](ctx, call);
 * ```
 */
export const oauthActions = {
  "oauth2.requesttoken": requestToken,
  "oauth2.revoke": revoke,
  "oauth2.getdemoaccess": demoAccess,
  "signature.getnonce": (ctx, call) => ok({ nonce: ctx.nonces.issue(call.app.clientId, call.now) }),
} as const satisfies Pick<
  ApiActionTable,
  "oauth2.requesttoken" | "oauth2.revoke" | "oauth2.getdemoaccess" | "signature.getnonce"
>;

function requestToken(ctx: SandboxContext, call: AppCall): ApiAnswer {
  const grantType = call.params.get("grant_type");
  if (grantType === "authorization_code") {
    const result = ctx.tokens.redeemCode(
      call.params.get("code") ?? "",
      call.app.clientId,
      call.params.get("redirect_uri"),
      call.now,
    );
    if (result === "invalid-code") return fail(503, ERROR_TEXTS.invalidCode);
    if (result === "redirect-mismatch") return fail(503, ERROR_TEXTS.invalidRedirectUri);
    ctx.stats.tokensIssued();
    return ok(tokenAnswer(result));
  }
  if (grantType === "refresh_token") {
    const issued = ctx.tokens.refresh(
      call.params.get("refresh_token") ?? "",
      call.app.clientId,
      call.now,
    );
    if (issued === undefined) return fail(503, ERROR_TEXTS.invalidRefreshToken);
    ctx.stats.refresh();
    ctx.stats.tokensIssued();
    return ok(tokenAnswer(issued));
  }
  return fail(503, ERROR_TEXTS.invalidGrantType);
}

function revoke(ctx: SandboxContext, call: AppCall): ApiAnswer {
  const userid = call.params.get("userid") ?? "";
  if (
    ctx.users.get(userid) === undefined ||
    !ctx.tokens.linked(call.app.clientId, userid, call.now)
  ) {
    // Legacy 247: the userid is absent or incorrect (reference §4).
    return fail(247, ERROR_TEXTS.invalidUserid);
  }
  ctx.tokens.revoke(call.app.clientId, userid);
  ctx.subscriptions.dropUser(call.app.clientId, userid);
  return ok({});
}

function demoAccess(ctx: SandboxContext, call: AppCall): ApiAnswer {
  const parsed = parseScopeList(call.params.get("scope_oauth2"));
  if ("invalid" in parsed) return fail(503, "Invalid Params: invalid scope_oauth2");
  const demo = ctx.users.demo(Math.floor(call.now / 1000));
  const issued = ctx.tokens.issue(
    {
      userid: demo.userid,
      clientId: call.app.clientId,
      scope: parsed.scopes.length > 0 ? parsed.scopes : [...ALL_SCOPES],
    },
    call.now,
  );
  ctx.stats.tokensIssued();
  return ok(tokenAnswer(issued));
}
