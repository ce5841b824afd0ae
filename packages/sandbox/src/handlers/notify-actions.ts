import { type ApiAnswer, fail, ok } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import { appliScope } from "../notify/appli-scope.js";
import type { SubscriptionRecord } from "../notify/subscription-registry.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { ApiActionTable, BearerCall } from "./api-call.js";

/** Legacy subscriptions carried this expiry, meaning never (reference §3.4). */
const NEVER_EXPIRES = 2_147_483_647;

/**
 * The `/notify` actions (reference §1.12): subscriptions belong to one user (the token's) and one
 * app, per `appli`. Each `appli` needs its own scope; subscribe and a new callback URL are probed
 * with HEAD first and refused with 293 unless the callback answers 2xx.
 *
 * The sandbox accepts `http` callbacks, any host and port: the real cloud's URL rules put such
 * apps in restricted mode rather than refusing them (reference §3.4).
 *
 * @example
 * ```ts
 * const answer = await notifyActions["notify.subscribe"](ctx, call);
 * ```
 */
export const notifyActions = {
  "notify.subscribe": subscribe,
  "notify.get": get,
  "notify.list": list,
  "notify.revoke": revoke,
  "notify.update": update,
} as const satisfies Pick<
  ApiActionTable,
  "notify.subscribe" | "notify.get" | "notify.list" | "notify.revoke" | "notify.update"
>;

async function subscribe(ctx: SandboxContext, call: BearerCall): Promise<ApiAnswer> {
  const appli = Number(call.params.get("appli"));
  const denied = checkAppli(call, appli);
  if (denied) return denied;
  const callbackurl = call.params.get("callbackurl") ?? "";
  if (!(await callbackAccepted(ctx, callbackurl))) return fail(293, ERROR_TEXTS.callbackUrl);
  ctx.subscriptions.add({
    clientId: call.grant.clientId,
    userid: call.grant.userid,
    appli,
    callbackurl,
    comment: call.params.get("comment"),
  });
  return ok({});
}

function get(ctx: SandboxContext, call: BearerCall): ApiAnswer {
  // An omitted appli is read as 1 (weight), as the real cloud does.
  const appli = call.params.has("appli") ? Number(call.params.get("appli")) : 1;
  const denied = checkAppli(call, appli);
  if (denied) return denied;
  const found = ctx.subscriptions.find(
    call.grant.clientId,
    call.grant.userid,
    appli,
    call.params.get("callbackurl") ?? "",
  );
  if (found === undefined) return fail(286, ERROR_TEXTS.noSuchSubscription);
  return ok({ appli: found.appli, callbackurl: found.callbackurl, comment: found.comment });
}

function list(ctx: SandboxContext, call: BearerCall): ApiAnswer {
  let appli: number | undefined;
  if (call.params.has("appli")) {
    appli = Number(call.params.get("appli"));
    const denied = checkAppli(call, appli);
    if (denied) return denied;
  }
  const profiles = ctx.subscriptions
    .list(call.grant.clientId, call.grant.userid, appli)
    .map((s) => ({
      appli: s.appli,
      callbackurl: s.callbackurl,
      expires: NEVER_EXPIRES,
      comment: s.comment,
    }));
  return ok({ profiles });
}

function revoke(ctx: SandboxContext, call: BearerCall): ApiAnswer {
  let appli: number | undefined;
  if (call.params.has("appli")) {
    appli = Number(call.params.get("appli"));
    const denied = checkAppli(call, appli);
    if (denied) return denied;
  }
  // Without appli, every category at this callback URL goes (unconfirmed live, reference §1.12).
  const removed = ctx.subscriptions.remove(
    call.grant.clientId,
    call.grant.userid,
    call.params.get("callbackurl") ?? "",
    appli,
  );
  return removed > 0 ? ok({}) : fail(294, ERROR_TEXTS.noSubscriptionDeleted);
}

async function update(ctx: SandboxContext, call: BearerCall): Promise<ApiAnswer> {
  const appli = Number(call.params.get("appli"));
  const denied = checkAppli(call, appli);
  if (denied) return denied;
  const changes = ["new_callbackurl", "new_appli", "comment"].filter((name) =>
    call.params.has(name),
  );
  if (changes.length !== 1) {
    return fail(503, "Invalid Params: send exactly one of new_callbackurl, new_appli or comment");
  }
  const previous = ctx.subscriptions.find(
    call.grant.clientId,
    call.grant.userid,
    appli,
    call.params.get("callbackurl") ?? "",
  );
  if (previous === undefined) return fail(286, ERROR_TEXTS.noSuchSubscription);
  let next: SubscriptionRecord;
  if (changes[0] === "new_callbackurl") {
    const callbackurl = call.params.get("new_callbackurl") ?? "";
    if (!(await callbackAccepted(ctx, callbackurl))) return fail(293, ERROR_TEXTS.callbackUrl);
    next = { ...previous, callbackurl };
  } else if (changes[0] === "new_appli") {
    const newAppli = call.params.get("new_appli") ?? "";
    if (!/^\d+$/.test(newAppli)) return fail(503, "Invalid Params: invalid new_appli");
    const deniedNew = checkAppli(call, Number(newAppli));
    if (deniedNew) return deniedNew;
    next = { ...previous, appli: Number(newAppli) };
  } else {
    next = { ...previous, comment: call.params.get("comment") };
  }
  ctx.subscriptions.replace(previous, next);
  return ok({});
}

/** Refuses an appli a public app cannot use, or one the token has no scope for. */
function checkAppli(call: BearerCall, appli: number): ApiAnswer | undefined {
  const scope = appliScope(appli);
  if (scope === undefined) return fail(503, "Invalid Params: invalid appli");
  if (!call.grant.scope.includes(scope)) return fail(401, ERROR_TEXTS.insufficientScope);
  return undefined;
}

/** A well-formed http(s) URL of at most 255 characters whose HEAD answers 2xx. */
async function callbackAccepted(ctx: SandboxContext, callbackurl: string): Promise<boolean> {
  if (callbackurl.length === 0 || callbackurl.length > 255) return false;
  let url: URL;
  try {
    url = new URL(callbackurl);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  return ctx.notifier.probe(callbackurl);
}
