import { decodeTokenResponseBody } from "../decode/decode-token-response-body.js";
import { apiErrorFromStatus } from "../errors/api-error-from-status.js";
import { WithingsResponseError } from "../errors/withings-response-error.js";
import type { TokenResponseBody } from "../types/oauth.js";

/**
 * Checks a token answer from outside the client (a file, another tool, the sandbox's control
 * API): the body of a requesttoken call, or its whole `{"status", "body"}` envelope.
 *
 * @throws {WithingsResponseError} `"shape"`, naming the first wrong field and never its value.
 * @throws {WithingsApiError} for an envelope whose status is an error.
 * @example
 * ```ts
 * decodeTokenAnswer({ status: 0, body: { userid: 42, access_token: "a", refresh_token: "r" } });
 * // { userid: "42", access_token: "a", refresh_token: "r" }
 * ```
 */
export function decodeTokenAnswer(answer: unknown, fallbackUserId?: string): TokenResponseBody {
  let body = answer;
  if (typeof answer === "object" && answer !== null && "body" in answer && "status" in answer) {
    const { status, body: inner } = answer as { status: unknown; body: unknown };
    if (status !== 0) {
      if (typeof status !== "number") {
        throw new WithingsResponseError("shape", "$.status", "expected a number");
      }
      const error = (answer as { error?: unknown }).error;
      throw apiErrorFromStatus(status, inner, typeof error === "string" ? error : undefined);
    }
    body = inner;
  }
  const decoded = decodeTokenResponseBody(body);
  if (decoded.userid === undefined && fallbackUserId === undefined) {
    throw new WithingsResponseError("shape", "$.body.userid", "missing: the answer names no user");
  }
  return decoded;
}
