import { describe, expect, it } from "vitest";
import {
  WithingsHttpError,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "../src/errors/transport-errors.js";
import {
  WithingsAuthError,
  WithingsInvalidParamsError,
  WithingsRateLimitError,
  WithingsServerError,
} from "../src/errors/withings-api-error.js";
import { WithingsResponseError } from "../src/errors/withings-response-error.js";
import { retryPolicy } from "../src/limits/retry-policy.js";

const policy = retryPolicy({
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  rateLimitDelayMs: 10_000,
});
const read = (error: unknown, attempt = 1) => ({ attempt, error, write: false });

describe("retryPolicy", () => {
  it("retries transport failures, 5xx, garbled answers, 522 and 601", () => {
    for (const error of [
      new WithingsNetworkError("reset"),
      new WithingsTimeoutError(1000),
      new WithingsHttpError(502),
      new WithingsResponseError("truncated", "$", "cut"),
      new WithingsResponseError("html", "$", "gateway page"),
      new WithingsServerError({ status: 522, family: "timeout" }),
      new WithingsRateLimitError({ status: 601, family: "rate-limit" }),
    ]) {
      expect(policy.shouldRetry(read(error)), String(error)).toBe(true);
    }
  });

  it("never retries bad parameters, auth failures, wrong shapes or client errors", () => {
    for (const error of [
      new WithingsInvalidParamsError({ status: 503, family: "invalid-params" }),
      new WithingsAuthError({ status: 401, family: "auth" }),
      new WithingsResponseError("shape", "$.body", "bad"),
      new WithingsHttpError(404),
      new WithingsServerError({ status: 2555, family: "error" }),
      new TypeError("bug"),
    ]) {
      expect(policy.shouldRetry(read(error)), String(error)).toBe(false);
    }
  });

  it("stops at maxAttempts and retries writes only on 601", () => {
    expect(policy.shouldRetry(read(new WithingsTimeoutError(1), 4))).toBe(false);
    expect(
      policy.shouldRetry({ attempt: 1, error: new WithingsTimeoutError(1), write: true }),
    ).toBe(false);
    const limited = new WithingsRateLimitError({ status: 601, family: "rate-limit" });
    expect(policy.shouldRetry({ attempt: 1, error: limited, write: true })).toBe(true);
  });

  it("backs off exponentially with full jitter, capped", () => {
    const timeout = new WithingsTimeoutError(1);
    expect(policy.delayMs(read(timeout, 1), 0.999)).toBe(99);
    expect(policy.delayMs(read(timeout, 3), 0.5)).toBe(200);
    expect(policy.delayMs(read(timeout, 10), 0.999)).toBe(999);
    expect(policy.delayMs(read(timeout, 2), 0)).toBe(0);
  });

  it("honours wait_seconds on 601 and waits at least the floor without it", () => {
    const told = new WithingsRateLimitError({
      status: 601,
      family: "rate-limit",
      waitSeconds: 188,
    });
    expect(policy.delayMs(read(told), 0)).toBe(188_000);
    const untold = new WithingsRateLimitError({ status: 601, family: "rate-limit" });
    expect(policy.delayMs(read(untold), 0.5)).toBe(10_500);
  });
});
