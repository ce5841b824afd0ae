import type { SandboxTokenAnswer } from "../types/sandbox-token-answer.js";
import type { IssuedTokens } from "./token-registry.js";

/**
 * The requesttoken body for an issued pair.
 *
 * @example
 * ```ts
 * tokenAnswer(ctx.tokens.issue(grant, now)).expires_in; // 10800
 * ```
 */
export function tokenAnswer(issued: IssuedTokens): SandboxTokenAnswer {
  return {
    userid: issued.grant.userid,
    access_token: issued.accessToken,
    refresh_token: issued.refreshToken,
    expires_in: issued.expiresIn,
    scope: issued.grant.scope.join(","),
    token_type: "Bearer",
  };
}
