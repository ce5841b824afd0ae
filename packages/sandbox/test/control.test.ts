import { WithingsArgumentError } from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxControlError } from "../src/control/sandbox-control-error.js";
import { createSandbox } from "../src/create-sandbox.js";
import type { Sandbox } from "../src/types/sandbox.js";
import { API, post, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

async function control(s: Sandbox, method: string, path: string, body?: unknown) {
  const response = await s.fetch(`${API}/_sandbox/${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("control API", () => {
  it("refuses to move the clock outside the years 1970 to 9999, and keeps answering", async () => {
    sandbox = testSandbox();
    const before = sandbox.clock.nowSeconds();
    for (const body of [{ set: 1e300 }, { set: -1 }, { advance: 1e300 }]) {
      const answer = await control(sandbox, "POST", "clock", body);
      expect(answer.status).toBe(400);
    }
    expect(sandbox.clock.nowSeconds()).toBe(before);
    expect((await control(sandbox, "POST", "users", { profile: "empty", years: 1 })).status).toBe(
      201,
    );
    expect(() => sandbox.clock.set(1e300)).toThrow(WithingsArgumentError);
    expect(() => sandbox.clock.set(1e300)).toThrow(
      expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_VALUE" }),
    );
    expect(() => sandbox.clock.advance(Number.NaN)).toThrow(
      expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_VALUE" }),
    );
  });

  it("creates a user with a requesttoken-shaped answer that works at once", async () => {
    sandbox = testSandbox();
    const created = await control(sandbox, "POST", "users", { profile: "scale-only", years: 2 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      expires_in: 10800,
      token_type: "Bearer",
      scope: "user.info,user.metrics,user.activity,user.sleepevents",
    });
    const token = String(created.json["access_token"]);
    expect((await post(sandbox, "/measure", { action: "getmeas" }, token)).status).toBe(0);

    const list = await control(sandbox, "GET", "users");
    expect(list.json["users"]).toEqual([
      expect.objectContaining({
        userid: created.json["userid"],
        source: "scale-only",
        years: 2,
        demo: false,
      }),
    ]);
  });

  it("moves the clock", async () => {
    sandbox = testSandbox();
    const before = sandbox.clock.nowSeconds();
    expect((await control(sandbox, "POST", "clock", { advance: 3600 })).json).toEqual({
      now: before + 3600,
      mode: "virtual",
    });
    expect((await control(sandbox, "POST", "clock", { set: 1_700_000_000 })).json["now"]).toBe(
      1_700_000_000,
    );
    expect((await control(sandbox, "GET", "clock")).json["now"]).toBe(1_700_000_000);
  });

  it("answers typed 400s for bad bodies, 404 and 405", async () => {
    sandbox = testSandbox();
    expect(await control(sandbox, "POST", "users", { profile: "athlete" })).toEqual({
      status: 400,
      json: {
        error: {
          code: "invalid_body",
          message: expect.stringContaining("profile"),
          field: "profile",
        },
      },
    });
    expect((await control(sandbox, "POST", "users", { years: -1 })).json).toMatchObject({
      error: { field: "years" },
    });
    expect(
      (await control(sandbox, "POST", "users", { timezone: "Mars/Olympus" })).json,
    ).toMatchObject({
      error: { field: "timezone" },
    });
    expect((await control(sandbox, "POST", "clock", { advance: 1, set: 2 })).status).toBe(400);
    expect((await control(sandbox, "POST", "clock", "{oops")).json).toMatchObject({
      error: { code: "invalid_json" },
    });
    expect((await control(sandbox, "POST", "faults", { rates: { meteor: 1 } })).json).toMatchObject(
      {
        error: {
          code: "invalid_body",
          message: expect.stringMatching(/^rates.meteor: unknown fault kind/),
          field: "rates.meteor",
        },
      },
    );
    const change = { op: "delete", dataset: "measures", id: 1 };
    expect((await control(sandbox, "POST", "data", { userid: "1", change })).json).toMatchObject({
      error: { code: "unknown_user" },
    });
    expect((await control(sandbox, "GET", "nothing")).status).toBe(404);
    expect((await control(sandbox, "DELETE", "users")).status).toBe(405);
  });

  it("throws the same typed errors from the functions", () => {
    sandbox = testSandbox();
    expect(() => sandbox.createUser({ years: 99 })).toThrow(SandboxControlError);
    expect(() => sandbox.createUser({ clientId: "nobody" })).toThrow(/no app/);
  });

  it("refuses bad options with a WithingsArgumentError whose code says how", () => {
    const make = (options: object) => () => createSandbox(options as never);
    const refused = (code: string, message: RegExp) =>
      expect.objectContaining({
        name: "WithingsArgumentError",
        code,
        message: expect.stringMatching(message),
      });
    expect(make({ nope: 1 })).toThrow(WithingsArgumentError);
    expect(make({ nope: 1 })).toThrow(
      refused("ERR_INVALID_ARG_VALUE", /unknown sandbox option "nope"/),
    );
    expect(make({ webhookTimeoutMs: 0 })).toThrow(
      refused("ERR_INVALID_ARG_VALUE", /webhookTimeoutMs/),
    );
    expect(make({ notifications: { retries: "yes" } })).toThrow(
      refused("ERR_INVALID_ARG_TYPE", /notifications.retries/),
    );
    expect(make({ apps: [{ clientId: "a" }] })).toThrow(
      refused("ERR_MISSING_ARGS", /clientSecret/),
    );
    expect(make({ faults: { rates: { meteor: 1 } } })).toThrow(
      refused("ERR_INVALID_ARG_VALUE", /rates.meteor: unknown fault kind/),
    );
    sandbox = testSandbox();
  });

  it("edits data through POST /_sandbox/data and validates the change", async () => {
    sandbox = testSandbox();
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    const date = sandbox.clock.nowSeconds() - 10;
    const change = {
      op: "add",
      dataset: "measures",
      record: { date, measures: [{ value: 70000, type: 1, unit: -3 }] },
    };
    const edited = await control(sandbox, "POST", "data", { userid: user.userid, change });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      hints: [{ appli: 1 }],
      notifications: { sent: 0, failed: 0 },
    });
    const meas = await post(
      sandbox,
      "/measure",
      { action: "getmeas", startdate: String(date), enddate: String(date) },
      user.access_token,
    );
    expect(JSON.stringify(meas.body["measuregrps"])).toContain("70000");
    const bad = await control(sandbox, "POST", "data", {
      userid: user.userid,
      change: { op: "melt", dataset: "measures" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { field: "change" } });
  });

  it("unlinks a user through POST /_sandbox/unlink, and refuses an unknown one", async () => {
    sandbox = testSandbox();
    const user = sandbox.createUser({ profile: "empty", years: 0 });
    expect(await control(sandbox, "POST", "unlink", { userid: user.userid })).toEqual({
      status: 200,
      json: { tokens: 2, subscriptions: 0, notifications: { sent: 0, failed: 0 } },
    });
    expect(
      (await post(sandbox, "/v2/user", { action: "getdevice" }, user.access_token)).status,
    ).toBe(401);
    expect(await control(sandbox, "POST", "unlink", { userid: "404" })).toMatchObject({
      status: 400,
      json: { error: { code: "unknown_user" } },
    });
    expect(await control(sandbox, "POST", "unlink", { userid: user.userid, x: 1 })).toMatchObject({
      status: 400,
    });
  });

  it("reports stats per action and per user, and resets", async () => {
    sandbox = testSandbox();
    const user = sandbox.createUser({ profile: "empty", years: 0 });
    await post(sandbox, "/v2/user", { action: "getgoals" }, user.access_token);
    await post(sandbox, "/v2/user", { action: "getgoals", again: "1" }, user.access_token);
    await post(sandbox, "/measure", { action: "getmeas" }, user.access_token);
    const stats = (await control(sandbox, "GET", "stats")).json as {
      requests: { total: number; byAction: Record<string, number>; byUser: Record<string, number> };
      tokensIssued: number;
    };
    expect(stats.requests.total).toBe(3);
    expect(stats.requests.byAction).toEqual({ "/v2/user/getgoals": 2, "/measure/getmeas": 1 });
    expect(stats.requests.byUser).toEqual({ [user.userid]: 3 });
    expect(stats.tokensIssued).toBe(1);
    // Control calls are not API requests.
    expect(sandbox.stats().requests.total).toBe(3);

    expect((await control(sandbox, "POST", "reset")).json).toEqual({ reset: true });
    expect(sandbox.users()).toEqual([]);
    expect(sandbox.stats().requests.total).toBe(0);
    expect(
      (await post(sandbox, "/v2/user", { action: "getgoals" }, user.access_token)).status,
    ).toBe(401);
  });

  it("serves recorded files back for a replayed user", async () => {
    sandbox = testSandbox();
    const text = JSON.stringify({ status: 0, body: { goals: { steps: 8000 } } });
    const created = await control(sandbox, "POST", "replay", {
      files: [{ key: "user.getgoals", text }],
    });
    expect(created.status).toBe(201);
    const goals = await post(
      sandbox,
      "/v2/user",
      { action: "getgoals" },
      String(created.json["access_token"]),
    );
    expect(goals).toEqual({ status: 0, body: { goals: { steps: 8000 } } });
    expect(
      (await control(sandbox, "POST", "replay", { files: [{ key: "notify.list", text }] })).status,
    ).toBe(400);
    const userid = String(created.json["userid"]);
    expect(
      await control(sandbox, "POST", "replay", { files: [{ key: "user.getgoals", text }], userid }),
    ).toEqual({
      status: 400,
      json: {
        error: { code: "invalid_body", message: `userid ${userid} already exists`, field: "files" },
      },
    });
  });
});
