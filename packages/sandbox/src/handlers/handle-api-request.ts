import type { CloudAction } from "../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../cloud/cloud-actions.js";
import { findCloudAction } from "../cloud/find-cloud-action.js";
import { type ApiAnswer, envelopeBytes, fail, jsonResponse } from "../http/api-answer.js";
import { ERROR_TEXTS } from "../http/error-texts.js";
import { htmlPage } from "../http/html-page.js";
import { type ApiRequest, readApiRequest } from "../http/read-api-request.js";
import { validateParams } from "../http/validate-params.js";
import type { Grant } from "../oauth/token-registry.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { SkewedService } from "../types/cloud-behaviour.js";
import type { FaultKind } from "../types/fault-config.js";
import { apiActions } from "./api-actions.js";
import type { ApiAction, AppCall, BearerCall } from "./api-call.js";
import { verifyAppCredentials } from "./verify-app-credentials.js";

const GATEWAY_PAGES: Readonly<
  Record<"http-500" | "http-502" | "http-503", readonly [number, string]>
> = {
  "http-500": [500, "500 Internal Server Error"],
  "http-502": [502, "502 Bad Gateway"],
  "http-503": [503, "503 Service Temporarily Unavailable"],
};

/**
 * Answers one Withings API request: routes it by service path and `action` through the
 * sandbox's own table (`CLOUD_ACTIONS`), applies injected faults, the app-wide quota,
 * authentication, the duplicate-request guard, scopes and parameter checks, then the action.
 * Every failure is a Withings envelope with HTTP 200, except the injected HTTP faults. Every
 * answer carries an HTTP `Date` header (RFC 7231) from the sandbox clock plus the service's
 * `serverSkewSeconds`.
 *
 * @example
 * ```ts
 * const response = await handleApiRequest(ctx, new Request("http://sandbox/v2/user", {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${token}` },
 *   body: new URLSearchParams({ action: "getdevice" }),
 * }));
 * ```
 */
export async function handleApiRequest(ctx: SandboxContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const req = await readApiRequest(request, url);
  // The server's clock when the answer leaves, as the service's own (skewed) server has it.
  const skew = ctx.cloud.serverSkewSeconds[req.service as SkewedService] ?? 0;
  const date = () => new Date(ctx.clock.now() + skew * 1000).toUTCString();
  return answerRequest(ctx, req, date);
}

async function answerRequest(
  ctx: SandboxContext,
  req: ApiRequest,
  date: () => string,
): Promise<Response> {
  const action = req.params.get("action") ?? "";
  const key = findCloudAction(req.service, action);
  if (key === undefined) {
    ctx.stats.request("unknown");
    return jsonResponse(envelopeBytes(fail(2554, ERROR_TEXTS.notImplemented)), date());
  }
  const spec: CloudAction = CLOUD_ACTIONS[key];
  ctx.stats.request(`${spec.service}/${spec.action}`);

  const fault = ctx.faults.draw(key, {
    bearer: spec.auth === "bearer",
    paginated: spec.paging !== undefined,
  });
  if (fault !== undefined) {
    ctx.stats.fault(fault);
    const early = await applyEarlyFault(ctx, fault, req, date);
    if (early !== undefined) return early;
  }

  let answer = await answerCall(ctx, key, spec, req);
  if (fault === "paging-quirk") answer = hideMore(answer, spec);
  let bytes = envelopeBytes(answer);
  if (fault === "truncated-json") {
    // Somewhere in the middle, never the whole answer nor nothing.
    const cut = Math.max(1, Math.floor(bytes.byteLength * (0.1 + 0.8 * ctx.faults.random())));
    bytes = bytes.subarray(0, cut);
  }
  return jsonResponse(bytes, date());
}

/** Faults that answer before the action runs (so it has no effect); `undefined` to go on. */
async function applyEarlyFault(
  ctx: SandboxContext,
  fault: FaultKind,
  req: ApiRequest,
  date: () => string,
): Promise<Response | undefined> {
  switch (fault) {
    case "http-500":
    case "http-502":
    case "http-503": {
      const [status, title] = GATEWAY_PAGES[fault];
      return htmlPage(status, title, `<center><h1>${title}</h1></center>`, { date: date() });
    }
    case "hang":
      return hang(ctx, req.signal, date);
    case "spurious-401":
      return jsonResponse(envelopeBytes(fail(401, ERROR_TEXTS.invalidToken)), date());
    case "spurious-601":
      ctx.stats.tooManyRequests("injected");
      return jsonResponse(envelopeBytes(fail(601, ERROR_TEXTS.tooManyRequests)), date());
    case "slow":
      await ctx.clock.sleep(ctx.faults.config.slowMs, req.signal);
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Never answers until the caller gives up (its signal aborts, which rejects as `fetch` does), or
 * until the real-time cap passes (a gateway timeout page), so that nothing leaks.
 */
function hang(ctx: SandboxContext, signal: AbortSignal, date: () => string): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      ctx.hangs.delete(release);
    };
    const onAbort = () => {
      settle();
      reject(signal.reason);
    };
    const release = () => {
      settle();
      reject(new Error("sandbox closed"));
    };
    const timer = setTimeout(() => {
      settle();
      resolve(
        htmlPage(504, "504 Gateway Time-out", "<center><h1>504 Gateway Time-out</h1></center>", {
          date: date(),
        }),
      );
    }, ctx.faults.config.hangMaxMs);
    signal.addEventListener("abort", onAbort, { once: true });
    ctx.hangs.add(release);
  });
}

/** The paging quirk: `more` says no (in the action's own type) while rows remain. */
function hideMore(answer: ApiAnswer, spec: CloudAction): ApiAnswer {
  const body = answer.body;
  if (answer.status !== 0 || typeof body !== "object" || body === null || !("more" in body)) {
    return answer;
  }
  if (!body.more) return answer;
  return { ...answer, body: { ...body, more: spec.paging?.more === "int" ? 0 : false } };
}

async function answerCall(
  ctx: SandboxContext,
  key: keyof typeof apiActions,
  spec: CloudAction,
  req: ApiRequest,
): Promise<ApiAnswer> {
  const now = ctx.clock.now();
  const params = req.params;
  let clientId: string;
  let grant: Grant | undefined;
  let app: AppCall["app"] | undefined;

  if (spec.auth === "bearer") {
    const check = ctx.tokens.peek(req.accessToken, now);
    if (check.kind === "unknown") {
      return fail(401, req.accessToken ? ERROR_TEXTS.invalidToken : ERROR_TEXTS.missingToken);
    }
    clientId = check.grant.clientId;
    if (!ctx.limiter.admit(clientId, now)) return rateLimited(ctx);
    if (check.kind === "expired") return fail(401, ERROR_TEXTS.invalidToken);
    grant = check.grant;
    ctx.tokens.markUsed(req.accessToken!);
    ctx.stats.user(grant.userid);
  } else {
    // Secrets and signatures belong in a POST body, never in a URL (reference §0).
    if (req.method !== "POST") {
      return fail(
        503,
        spec.auth === "client" ? ERROR_TEXTS.invalidGrantType : ERROR_TEXTS.postOnly,
      );
    }
    app = ctx.apps.get(params.get("client_id"));
    if (app === undefined) return fail(503, ERROR_TEXTS.invalidClientId);
    clientId = app.clientId;
    if (!ctx.limiter.admit(clientId, now)) return rateLimited(ctx);
  }

  const fingerprint = requestFingerprint(clientId, spec, req);
  const wait = ctx.limiter.duplicateWait(fingerprint, now);
  if (wait !== undefined) {
    ctx.stats.tooManyRequests("duplicate");
    return fail(601, ERROR_TEXTS.duplicate, { wait_seconds: wait });
  }

  if (app !== undefined && spec.auth !== "bearer") {
    const refused = await verifyAppCredentials(ctx, app, spec.auth, spec.action, params, now);
    if (refused !== undefined) return refused;
  }
  if (grant !== undefined && spec.scopes.length > 0) {
    if (!spec.scopes.some((scope) => grant.scope.includes(scope))) {
      return fail(401, ERROR_TEXTS.insufficientScope);
    }
  }
  const problem = validateParams(spec, params);
  if (problem !== undefined) return fail(503, `Invalid Params: ${problem}`);

  let answer: ApiAnswer;
  try {
    const base = { key, spec, request: req, params, now };
    answer =
      grant !== undefined
        ? await (apiActions[key] as ApiAction<BearerCall>)(ctx, {
            ...base,
            grant,
            accessToken: req.accessToken!,
          })
        : await (apiActions[key] as ApiAction<AppCall>)(ctx, { ...base, app: app! });
  } catch (error) {
    // A sandbox bug must still look like the API: legacy 2555, an unknown error.
    ctx.options.onError(error);
    answer = fail(2555, ERROR_TEXTS.unknownError);
  }
  if (answer.status === 0) ctx.limiter.recordSuccess(fingerprint, now);
  return answer;
}

function rateLimited(ctx: SandboxContext): ApiAnswer {
  ctx.stats.tooManyRequests("rate-limit");
  return fail(601, ERROR_TEXTS.tooManyRequests);
}

/** Same app, same action, same token and same arguments (in any order) make the same request. */
function requestFingerprint(clientId: string, spec: CloudAction, req: ApiRequest): string {
  const args: string[] = [];
  for (const [name, value] of req.params) {
    if (name !== "access_token") args.push(`${name}=${value}`);
  }
  args.sort();
  return `${clientId}\n${spec.service}/${spec.action}\n${req.accessToken ?? ""}\n${args.join("&")}`;
}
