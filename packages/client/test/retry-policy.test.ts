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
    const gateway = new WithingsHttpError(502);
    expect(policy.delayMs(read(gateway, 1), 0.999)).toBe(99);
    expect(policy.delayMs(read(gateway, 3), 0.5)).toBe(200);
    expect(policy.delayMs(read(gateway, 10), 0.999)).toBe(999);
    expect(policy.delayMs(read(gateway, 2), 0)).toBe(0);
  });

  it("sends no retry of a request the server may have answered within its duplicate window", () => {
    const answered = [
      new WithingsResponseError("truncated", "$", "cut"),
      new WithingsResponseError("html", "$", "gateway page"),
      new WithingsTimeoutError(1),
      new WithingsNetworkError("reset"),
      new WithingsHttpError(504),
    ];
    for (const error of answered) {
      // Sent 300 ms ago: the window runs 9.7 s more, plus up to a second of jitter.
      expect(policy.delayMs({ ...read(error), sinceAttemptMs: 300 }, 0), String(error)).toBe(9_700);
      expect(policy.delayMs({ ...read(error), sinceAttemptMs: 300 }, 0.5), String(error)).toBe(
        10_200,
      );
      // A timeout of 30 s has waited the window out already: only the backoff is left.
      expect(policy.delayMs({ ...read(error), sinceAttemptMs: 30_000 }, 0.5), String(error)).toBe(
        50,
      );
      // Not told when: as if just sent.
      expect(policy.delayMs(read(error), 0), String(error)).toBe(10_000);
    }
    // A connection refused reached no server: nothing to wait out.
    const refused = new WithingsNetworkError("fetch failed", {
      cause: Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      }),
    });
    expect(policy.delayMs({ ...read(refused), sinceAttemptMs: 300 }, 0)).toBe(0);
    // A gateway page that came instead of the server's answer is retried at once.
    expect(policy.delayMs({ ...read(new WithingsHttpError(502)), sinceAttemptMs: 300 }, 0)).toBe(0);
    expect(
      policy.delayMs({ ...read(new WithingsServerError({ status: 522, family: "timeout" })) }, 0),
    ).toBe(0);
  });

  it("waits a refused repeat out from its original, and knows it from the quota's 601", () => {
    const repeat = new WithingsRateLimitError({
      status: 601,
      family: "rate-limit",
      apiMessage: "Same arguments in less than 10 seconds",
    });
    expect(repeat.duplicate).toBe(true);
    expect(policy.delayMs({ ...read(repeat), sinceAttemptMs: 4_000 }, 0)).toBe(6_000);
    const told = new WithingsRateLimitError({
      status: 601,
      family: "rate-limit",
      apiMessage: "Same arguments in less than 10 seconds",
      waitSeconds: 3,
    });
    expect(policy.delayMs({ ...read(told), sinceAttemptMs: 4_000 }, 0)).toBe(3_000);
    const quota = new WithingsRateLimitError({
      status: 601,
      family: "rate-limit",
      apiMessage: "Too Many Requests",
    });
    expect(quota.duplicate).toBe(false);
    expect(policy.delayMs({ ...read(quota), sinceAttemptMs: 4_000 }, 0)).toBe(10_000);
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
