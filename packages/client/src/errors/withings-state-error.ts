import { WithingsError } from "./withings-error.js";

/**
 * The OAuth `state` on the redirect is missing or does not match the one issued: the
 * redirect may be forged (CSRF). No code is exchanged.
 *
 * @example
 * ```ts
 * try { verifyState(expected, url); } catch (e) { if (e instanceof WithingsStateError) deny(); }
 * ```
 */
export class WithingsStateError extends WithingsError {
  constructor(message: string) {
    super("WITHINGS_OAUTH_STATE", message);
    this.name = "WithingsStateError";
  }
}
