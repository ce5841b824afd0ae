import { type ErrorContext, WithingsError } from "./withings-error.js";

/**
 * The request never got an answer: DNS, connection refused or reset, aborted socket.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsNetworkError) console.log(err.cause);
 * ```
 */
export class WithingsNetworkError extends WithingsError {
  constructor(message: string, context: ErrorContext = {}) {
    super("WITHINGS_NETWORK", message, context);
    this.name = "WithingsNetworkError";
  }
}

/**
 * No answer within the per-request timeout.
 *
 * @example
 * ```ts
 * if (err instanceof WithingsTimeoutError) console.log(err.timeoutMs);
 * ```
 */
export class WithingsTimeoutError extends WithingsError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number, context: ErrorContext = {}) {
    super("WITHINGS_TIMEOUT", `no answer within ${timeoutMs} ms`, context);
    this.name = "WithingsTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The HTTP status was not 2xx (a gateway error page, a 5xx with an HTML body).
 *
 * @example
 * ```ts
 * if (err instanceof WithingsHttpError && err.httpStatus >= 500) retryLater();
 * ```
 */
export class WithingsHttpError extends WithingsError {
  readonly httpStatus: number;

  constructor(httpStatus: number, context: ErrorContext = {}) {
    super("WITHINGS_HTTP", `HTTP ${httpStatus}`, context);
    this.name = "WithingsHttpError";
    this.httpStatus = httpStatus;
  }
}
