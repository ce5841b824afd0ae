import { statusFamily } from "./status-codes.js";
import {
  type ApiErrorDetails,
  type WithingsApiError,
  WithingsAuthError,
  WithingsInvalidParamsError,
  WithingsNotFoundError,
  WithingsRateLimitError,
  WithingsServerError,
} from "./withings-api-error.js";
import type { ErrorContext } from "./withings-error.js";

/**
 * The one factory that turns a failed body `status` into its typed error.
 *
 * @example
 * ```ts
 * apiErrorFromStatus(601, { waitSeconds: 188 }, "Same arguments in less than 10 seconds");
 * // WithingsRateLimitError, waitSeconds 188
 * ```
 */
export function apiErrorFromStatus(
  status: number,
  body: unknown,
  apiMessage: string | undefined,
  context: ErrorContext = {},
): WithingsApiError {
  const family = statusFamily(status);
  const details: ApiErrorDetails = { ...context, status, family, apiMessage };
  switch (family) {
    case "auth":
    case "unauthorized":
      return new WithingsAuthError(details);
    case "invalid-params":
      return new WithingsInvalidParamsError(details);
    case "not-found":
      return new WithingsNotFoundError(details);
    case "rate-limit":
      return new WithingsRateLimitError({ ...details, waitSeconds: readWaitSeconds(body) });
    default:
      return new WithingsServerError(details);
  }
}

function readWaitSeconds(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const wait = (body as { wait_seconds?: unknown }).wait_seconds;
  const n = typeof wait === "string" ? Number(wait) : wait;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}
