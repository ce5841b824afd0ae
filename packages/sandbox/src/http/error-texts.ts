/**
 * Error texts of the real cloud where they are known (reference §0, §1.2, §4, §7), and the
 * sandbox's own wording, in the same `Invalid Params: …` style, where they are not.
 *
 * @example
 * ```ts
 * fail(401, ERROR_TEXTS.invalidToken);
 * ```
 */
export const ERROR_TEXTS = Object.freeze({
  /** Observed for an expired, unknown or revoked access token. */
  invalidToken: "XRequestID: Not provided invalid_token: The access token provided is invalid",
  /** No token at all: same status, the OAuth library's wording for a missing token. */
  missingToken: "XRequestID: Not provided invalid_request: The access token is missing",
  /**
   * A token without the scope the action needs. The observed 401 text is the OAuth library's
   * `invalid_token`; this is the same library's `insufficient_scope`.
   */
  insufficientScope:
    "XRequestID: Not provided insufficient_scope: The request requires higher privileges than provided by the access token",
  invalidCode: "Invalid Params: invalid code",
  invalidRefreshToken: "Invalid Params: invalid refresh_token",
  invalidRedirectUri: "Invalid Params: invalid redirect_uri",
  invalidGrantType: "Invalid Params: invalid grant_type",
  invalidClientId: "Invalid Params: invalid client_id",
  invalidClientSecret: "Invalid Params: invalid client_secret",
  invalidNonce: "Invalid Params: invalid nonce",
  invalidSignature: "Invalid Params: invalid signature",
  invalidTimestamp: "Invalid Params: invalid timestamp",
  invalidUserid: "Invalid Params: invalid userid",
  postOnly: "Invalid Params: send the parameters in a POST form body",
  /** Observed (MMM-withings #15). */
  duplicate: "Same arguments in less than 10 seconds",
  tooManyRequests: "Too many requests",
  notImplemented: "Not implemented",
  unknownError: "An unknown error occurred",
  callbackUrl: "The callback URL is either absent or incorrect",
  noSuchSubscription: "No such subscription was found",
  noSubscriptionDeleted: "No subscription could be deleted",
});
