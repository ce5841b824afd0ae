import { afterEach, describe, expect, it } from "vitest";
import type { CloudAction } from "../src/cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../src/cloud/cloud-actions.js";
import type { Sandbox } from "../src/types/sandbox.js";
import { API, post, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

describe("routing", () => {
  it("answers 2554 for an unknown action or service, with HTTP 200", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    for (const [service, action] of [
      ["/measure", "getactivity"], // getactivity lives under /v2/measure
      ["/v2/measure", "nothing"],
      ["/v3/nowhere", "getmeas"],
      ["/measure", ""],
    ] as const) {
      expect(await post(sandbox, service, { action }, access_token)).toEqual({
        status: 2554,
        body: {},
        error: "Not implemented",
      });
    }
    expect(sandbox.stats().requests.byAction["unknown"]).toBe(4);
  });

  it("serves every bearer action of its own table at its service path", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
    for (const [key, spec] of Object.entries(CLOUD_ACTIONS) as [string, CloudAction][]) {
      if (spec.auth !== "bearer") continue;
      const answer = await post(sandbox, spec.service, { action: spec.action }, access_token);
      // Missing required parameters are 503; the route itself is never 2554.
      expect([0, 503, 286, 294], key).toContain(answer.status);
    }
  });

  it("validates parameters from its own table with body status 503", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    expect(
      await post(sandbox, "/v2/sleep", { action: "get", startdate: "1700000000" }, access_token),
    ).toEqual({
      status: 503,
      body: {},
      error: "Invalid Params: missing enddate",
    });
    const bad = await post(
      sandbox,
      "/measure",
      { action: "getmeas", meastypes: "1,x" },
      access_token,
    );
    expect(bad.error).toBe("Invalid Params: invalid meastypes");
    const day = await post(
      sandbox,
      "/v2/measure",
      { action: "getactivity", startdateymd: "2024-13-45" },
      access_token,
    );
    expect(day.status).toBe(503);
  });

  it("tolerates a trailing slash and a JSON body is not read as parameters", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    expect((await post(sandbox, "/v2/user/", { action: "getgoals" }, access_token)).status).toBe(0);
    const res = await sandbox.fetch(`${API}/v2/user`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "getgoals" }),
    });
    expect(((await res.json()) as { status: number }).status).toBe(2554);
  });
});

describe("scopes", () => {
  it("refuses an action outside the granted scopes with 401 insufficient_scope", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({
      profile: "scale-only",
      years: 1,
      scope: ["user.activity"],
    });
    const meas = await post(sandbox, "/measure", { action: "getmeas" }, access_token);
    expect(meas.status).toBe(401);
    expect(meas.error).toContain("insufficient_scope");
    expect(
      (await post(sandbox, "/v2/measure", { action: "getworkouts" }, access_token)).status,
    ).toBe(0);
  });

  it("accepts either listed scope for getdevice", async () => {
    sandbox = testSandbox();
    for (const scope of [["user.info"], ["user.metrics"]] as const) {
      const { access_token } = sandbox.createUser({ profile: "scale-only", years: 1, scope });
      expect((await post(sandbox, "/v2/user", { action: "getdevice" }, access_token)).status).toBe(
        0,
      );
    }
  });

  it("checks notify scopes by appli", async () => {
    sandbox = testSandbox({ outboundFetch: async () => new Response(null, { status: 200 }) });
    const { access_token } = sandbox.createUser({
      profile: "empty",
      years: 0,
      scope: ["user.metrics"],
    });
    const subscribe = (appli: string) =>
      post(
        sandbox,
        "/notify",
        { action: "subscribe", appli, callbackurl: "https://hooks.example/w" },
        access_token,
      );
    expect((await subscribe("1")).status).toBe(0);
    expect((await subscribe("44")).status).toBe(401);
    expect((await subscribe("53")).status).toBe(503);
    expect((await subscribe("999")).status).toBe(503);
  });
});
