import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/types/sandbox.js";
import { post, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

describe("app-wide rate limit", () => {
  it("answers 601 without wait_seconds past 120 requests in 60 s, then admits again", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    const call = (i: number) =>
      post(sandbox, "/v2/user", { action: "getgoals", i: String(i) }, access_token);
    for (let i = 0; i < 120; i++) expect((await call(i)).status).toBe(0);
    expect(await call(120)).toEqual({ status: 601, body: {}, error: "Too many requests" });
    sandbox.clock.advance(59);
    expect((await call(121)).status).toBe(601);
    sandbox.clock.advance(1);
    expect((await call(122)).status).toBe(0);
    expect(sandbox.stats().tooManyRequests).toEqual({
      total: 2,
      rateLimit: 2,
      duplicate: 0,
      injected: 0,
    });
  });

  it("is per app and slides: requests leave the window one by one", async () => {
    sandbox = testSandbox({
      rateLimit: { limit: 3, windowSeconds: 10 },
      apps: [{ clientId: "other", clientSecret: "x" }],
    });
    const mine = sandbox.createUser({ profile: "empty", years: 0 }).access_token;
    const theirs = sandbox.createUser({
      profile: "empty",
      years: 0,
      clientId: "other",
    }).access_token;
    const call = (token: string, i: number) =>
      post(sandbox, "/v2/user", { action: "getgoals", i: String(i) }, token);
    expect((await call(mine, 1)).status).toBe(0);
    sandbox.clock.advance(4);
    expect((await call(mine, 2)).status).toBe(0);
    expect((await call(mine, 3)).status).toBe(0);
    expect((await call(mine, 4)).status).toBe(601);
    expect((await call(theirs, 1)).status).toBe(0);
    sandbox.clock.advance(6); // the first request leaves the window
    expect((await call(mine, 5)).status).toBe(0);
    expect((await call(mine, 6)).status).toBe(601);
  });

  it("can be configured off", async () => {
    sandbox = testSandbox({ rateLimit: false });
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    for (let i = 0; i < 200; i++) {
      expect(
        (await post(sandbox, "/v2/user", { action: "getgoals", i: String(i) }, access_token))
          .status,
      ).toBe(0);
    }
  });
});

describe("duplicate requests", () => {
  it("answers an identical request within 10 s with 601 and wait_seconds", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    const call = (params: Record<string, string> = {}) =>
      post(sandbox, "/v2/user", { action: "getgoals", ...params }, access_token);
    expect((await call()).status).toBe(0);
    sandbox.clock.advance(4);
    expect(await call()).toEqual({
      status: 601,
      body: { wait_seconds: 6 },
      error: "Same arguments in less than 10 seconds",
    });
    // Different arguments, or the same in another order, are judged by content.
    expect((await call({ x: "1" })).status).toBe(0);
    sandbox.clock.advance(6);
    expect((await call()).status).toBe(0);
    expect(sandbox.stats().tooManyRequests.duplicate).toBe(1);
  });

  it("counts only requests that succeeded", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    const bad = () => post(sandbox, "/v2/sleep", { action: "get", startdate: "1" }, access_token);
    expect((await bad()).status).toBe(503);
    expect((await bad()).status).toBe(503);
  });

  it("tells tokens apart", async () => {
    sandbox = testSandbox();
    const a = sandbox.createUser({ profile: "empty", years: 0 });
    const b = sandbox.createUser({ profile: "empty", years: 0 });
    expect((await post(sandbox, "/v2/user", { action: "getgoals" }, a.access_token)).status).toBe(
      0,
    );
    expect((await post(sandbox, "/v2/user", { action: "getgoals" }, b.access_token)).status).toBe(
      0,
    );
  });
});
