import type { StatusFamily } from "./status-codes.js";
import { type ErrorContext, WithingsError } from "./withings-error.js";

/**
 * What a body-level failure carried.
 *
 * @example
 * ```ts
 * const details: ApiErrorDetails = { status: 503, family: "invalid-params", action: "measure.getmeas" };
 * throw new WithingsInvalidParamsError(details);
 * ```
 */
export interface ApiErrorDetails extends ErrorContext {
  /** The body `status` (never 0). */
  readonly status: number;
  readonly family: StatusFamily;
  /** The API's `error` text, with secrets redacted. */
  readonly apiMessage?: string | undefined;
}

/**
 * The API answered (usually with HTTP 200) a body whose `status` is not 0. Subclasses name
 * the family; `status` and `apiMessage` say the rest.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsApiError) console.log(err.status, err.family, err.apiMessage);
 * ```
 */
export class WithingsApiError extends WithingsError {
  readonly status: number;
  readonly family: StatusFamily;
  readonly apiMessage: string | undefined;

  constructor(code: string, details: ApiErrorDetails) {
    const text = details.apiMessage ? `: ${details.apiMessage}` : "";
    super(code, `status ${details.status} (${details.family})${text}`, details);
    this.name = "WithingsApiError";
    this.status = details.status;
    this.family = details.family;
    this.apiMessage = details.apiMessage;
  }
}

/**
 * Authentication failed: an expired, invalid or revoked access token (401), a dead refresh
 * token, or no tokens stored for the user. `needsReauthorization` says the user must go
 * through the consent page again.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsAuthError && err.needsReauthorization) sendUserToConsent();
 * ```
 */
export class WithingsAuthError extends WithingsApiError {
  readonly needsReauthorization: boolean;

  constructor(details: ApiErrorDetails & { readonly needsReauthorization?: boolean }) {
    super("WITHINGS_AUTH", details);
    this.name = "WithingsAuthError";
    this.needsReauthorization = details.needsReauthorization ?? false;
  }
}

/**
 * The API refused the parameters (statuses 201–213, 503 and the other "invalid params"
 * codes). Never retried.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsInvalidParamsError) console.log(err.apiMessage);
 * ```
 */
export class WithingsInvalidParamsError extends WithingsApiError {
  constructor(details: ApiErrorDetails) {
    super("WITHINGS_INVALID_PARAMS", details);
    this.name = "WithingsInvalidParamsError";
  }
}

/**
 * Status 601: the app-wide rate limit, or the same arguments within 10 s. `waitSeconds` is
 * the server's `body.wait_seconds` when it sent one; `duplicate` tells the second meaning
 * from the first, by the server's message.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsRateLimitError && !err.duplicate) {
 *   await sleep((err.waitSeconds ?? 60) * 1000);
 * }
 * ```
 */
export class WithingsRateLimitError extends WithingsApiError {
  readonly waitSeconds: number | undefined;
  /**
   * True when the server refused a repeat of a request it answered less than 10 s before
   * ("Same arguments in less than 10 seconds", reference §7): only that request must wait,
   * the app's quota is not exhausted.
   */
  readonly duplicate: boolean;

  constructor(details: ApiErrorDetails & { readonly waitSeconds?: number | undefined }) {
    super("WITHINGS_RATE_LIMIT", details);
    this.name = "WithingsRateLimitError";
    this.waitSeconds = details.waitSeconds;
    this.duplicate = /same arguments/i.test(details.apiMessage ?? "");
  }
}

/**
 * The thing asked for does not exist (286 no such subscription, 294 nothing to delete).
 *
 * @example
 * ```ts
 * try {
 *   await user.notifyRevoke({ callbackurl, appli: 1 });
 * } catch (e) {
 *   if (!(e instanceof WithingsNotFoundError)) throw e;
 * }
 * ```
 */
export class WithingsNotFoundError extends WithingsApiError {
  constructor(details: ApiErrorDetails) {
    super("WITHINGS_NOT_FOUND", details);
    this.name = "WithingsNotFoundError";
  }
}

/**
 * The server failed: "an error occurred" codes, 522 timeout, 524 bad state, 2554 not
 * implemented, 2555 unknown, and codes the table does not know.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsServerError) console.log(err.status, err.family);
 * ```
 */
export class WithingsServerError extends WithingsApiError {
  constructor(details: ApiErrorDetails) {
    super("WITHINGS_SERVER", details);
    this.name = "WithingsServerError";
  }
}
