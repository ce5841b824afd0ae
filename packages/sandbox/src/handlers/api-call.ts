import type { CloudAction } from "../cloud/cloud-action.js";
import type { CLOUD_ACTIONS, CloudActionKey } from "../cloud/cloud-actions.js";
import type { ApiAnswer } from "../http/api-answer.js";
import type { ApiRequest } from "../http/read-api-request.js";
import type { RegisteredApp } from "../oauth/app-registry.js";
import type { Grant } from "../oauth/token-registry.js";
import type { SandboxContext } from "../state/sandbox-context.js";

/** A call that passed routing, limits and authentication. */
interface CallBase {
  readonly key: CloudActionKey;
  readonly spec: CloudAction;
  readonly request: ApiRequest;
  readonly params: URLSearchParams;
  /** Sandbox time when the call arrived, in ms. */
  readonly now: number;
}

/**
 * A call made with a user's access token.
 *
 * @example
 * ```ts
 * const list = (ctx: SandboxContext, call: BearerCall) => ctx.subscriptions.list(call.grant.clientId, call.grant.userid);
 * ```
 */
export interface BearerCall extends CallBase {
  readonly grant: Grant;
  readonly accessToken: string;
}

/**
 * A call authenticated as an app (secret, signature or timestamp signature).
 *
 * @example
 * ```ts
 * const nonce = (ctx: SandboxContext, call: AppCall) => ctx.nonces.issue(call.app.clientId, call.now);
 * ```
 */
export interface AppCall extends CallBase {
  readonly app: RegisteredApp;
}

/**
 * Answers one action.
 *
 * @example
 * ```ts
 * const getnonce: ApiAction<AppCall> = (ctx, call) => ok({ nonce: ctx.nonces.issue(call.app.clientId, call.now) });
 * ```
 */
export type ApiAction<C> = (ctx: SandboxContext, call: C) => ApiAnswer | Promise<ApiAnswer>;

/**
 * One action per row of the sandbox's table (`CLOUD_ACTIONS`), typed by how the row
 * authenticates, so a new row without a handler (or with the wrong kind of handler) fails the
 * build.
 *
 * @example
 * ```ts
 * const table: ApiActionTable = { ...oauthActions, ...notifyActions, ...dataActions };
 * ```
 */
export type ApiActionTable = {
  readonly [K in CloudActionKey]: (typeof CLOUD_ACTIONS)[K]["auth"] extends "bearer"
    ? ApiAction<BearerCall>
    : ApiAction<AppCall>;
};
