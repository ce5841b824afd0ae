import {
  retryPolicy,
  WithingsAuthError,
  WithingsHttpError,
  WithingsInvalidParamsError,
  WithingsNetworkError,
  WithingsResponseError,
  WithingsServerError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import { describe, expect, it } from "vitest";
import { engineRetryPolicy } from "../../src/engine/engine-retry-policy.js";
import { createWorld, type World } from "./helpers/setup.js";

const client = retryPolicy({ maxAttempts: 3, baseDelayMs: 100 });
const read = (error: unknown, attempt: number) => ({ attempt, error, write: false });

describe("engineRetryPolicy", () => {
  it("gives the client's retries `extra` more attempts, and stops there", () => {
    const policy = engineRetryPolicy(client, 2);
    expect(policy.maxAttempts).toBe(5);
    const reset = new WithingsNetworkError("reset");
    expect([1, 2, 3, 4, 5].map((n) => policy.shouldRetry(read(reset, n)))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it("keeps its promise of more attempts over a client that makes only one", () => {
    const policy = engineRetryPolicy(retryPolicy({ maxAttempts: 1 }), 5);
    expect(policy.maxAttempts).toBe(6);
    for (const error of [new WithingsTimeoutError(30_000), new WithingsHttpError(502)]) {
      expect(
        [1, 5, 6].map((n) => policy.shouldRetry(read(error, n))),
        String(error),
      ).toEqual([true, true, false]);
    }
  });

  it("also retries the server failures the engine counts as passing, never a refusal", () => {
    const policy = engineRetryPolicy(client, 0);
    const failed = new WithingsServerError({ status: 2555, family: "error" });
    expect(client.shouldRetry(read(failed, 1))).toBe(false);
    expect(policy.shouldRetry(read(failed, 1))).toBe(true);
    expect(policy.shouldRetry(read(failed, 3))).toBe(false);
    const refused = new WithingsInvalidParamsError({ status: 503, family: "invalid-params" });
    expect(policy.shouldRetry(read(refused, 1))).toBe(false);
    // A 401 is the user client's to handle (refresh, then once more), not a resend's.
    const unauthorized = new WithingsAuthError({ status: 401, family: "unauthorized" });
    expect(policy.shouldRetry(read(unauthorized, 1))).toBe(false);
    // A write is retried only where the client would retry it.
    expect(policy.shouldRetry({ attempt: 1, error: failed, write: true })).toBe(false);
  });

  it("waits as the client's policy waits, spacing included", () => {
    const policy = engineRetryPolicy(client, 4);
    const cut = new WithingsResponseError("truncated", "$", "cut");
    for (const attempt of [1, 4, 6]) {
      const state = { ...read(cut, attempt), sinceAttemptMs: 200 };
      expect(policy.delayMs(state, 0.3)).toBe(client.delayMs(state, 0.3));
    }
  });
});

describe("a sync whose token refresh fails in passing", () => {
  it("refreshes again within the run, once the client's own retries are spent, and syncs every dataset", async () => {
    let refreshes = 0;
    let world: World | undefined;
    world = createWorld({
      client: {
        // Two attempts per request, both of the first refresh failing.
        retry: { maxAttempts: 2 },
        fetch: async (request) => {
          const body = await request.clone().text();
          if (
            request.url.endsWith("/v2/oauth2") &&
            body.includes("refresh_token") &&
            ++refreshes <= 2
          ) {
            // A gateway's page in place of the refresh's answer.
            return new Response("<html><body><h1>503 Service Unavailable</h1></body></html>", {
              status: 503,
              headers: { "content-type": "text/html" },
            });
          }
          return world!.sandbox.fetch(request);
        },
      },
    });
    try {
      const tokens = world.sandbox.createUser({ profile: "scale-only", years: 1 });
      await world.client.saveTokens({ ...tokens, expires_in: 1 });
      world.sandbox.clock.advance(60);
      const report = await world.engine.run();
      expect(refreshes).toBe(3);
      expect(report.ok, JSON.stringify(report.users[0]?.datasets.map((d) => d.error))).toBe(true);
      expect(report.users[0]?.added).toBeGreaterThan(0);
    } finally {
      await world.close();
    }
  });
});

describe("a call refused with 401 although its refresh worked (a scope not granted)", () => {
  it("is made again once, after a pause, spending two refreshes in all", async () => {
    const world = createWorld({ seed: 3 });
    try {
      // Only the metrics scope: activity, sleep and the rest answer 401 insufficient_scope.
      const tokens = world.sandbox.createUser({
        profile: "vitals-study",
        years: 0.1,
        scope: ["user.info", "user.metrics"],
      });
      await world.client.saveTokens(tokens);
      const before = world.sandbox.clock.now();
      const report = await world.engine.run();
      expect(world.sandbox.stats().refreshes).toBe(2);
      expect(world.sandbox.clock.now() - before).toBeGreaterThanOrEqual(1000);
      expect(report.users[0]?.error?.code).toBe("WITHINGS_AUTH");
    } finally {
      await world.close();
    }
  });
});

describe("a run aborted while its token refresh hangs", () => {
  it("stops at once, and the refresh goes on to store the rotated pair", async () => {
    const controller = new AbortController();
    let refreshAttempts = 0;
    let world: World | undefined;
    world = createWorld({
      client: {
        timeoutMs: 120_000,
        fetch: async (request) => {
          const body = await request.clone().text();
          if (request.url.endsWith("/v2/oauth2") && body.includes("refresh_token")) {
            if (++refreshAttempts === 1) {
              // The token endpoint does not answer; the run is stopped meanwhile.
              controller.abort(new Error("stopped"));
              await new Promise((resolve) => setTimeout(resolve, 50));
              throw new TypeError("fetch failed");
            }
          }
          return world!.sandbox.fetch(request);
        },
      },
    });
    try {
      const tokens = world.sandbox.createUser({ profile: "scale-only", years: 1 });
      await world.client.saveTokens({ ...tokens, expires_in: 1 });
      world.sandbox.clock.advance(60);
      const outcome = await world.engine.run({ signal: controller.signal }).then(
        (report) => report.users[0]?.error?.code ?? "ok",
        (error: unknown) => String(error),
      );
      // The run did not wait for the refresh's retries.
      expect(refreshAttempts).toBe(1);
      expect(outcome).not.toBe("ok");
      await expect.poll(() => refreshAttempts).toBe(2);
      await expect
        .poll(async () => (await world!.client.tokenStore.get(tokens.userid))?.refreshToken)
        .not.toBe(tokens.refresh_token);
    } finally {
      await world.close();
    }
  });
});
