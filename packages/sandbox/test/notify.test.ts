import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/types/sandbox.js";
import { post, signed, testSandbox } from "./_helpers.js";

interface Seen {
  method: string;
  url: string;
  contentType: string | null;
  body: string;
}

/** An outbound fetch that records calls and answers HEAD/POST per URL. */
function hooks(statusFor: (url: string, method: string) => number = () => 200) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push({
      method: request.method,
      url: request.url,
      contentType: request.headers.get("content-type"),
      body: request.method === "POST" ? await request.text() : "",
    });
    return new Response(null, { status: statusFor(request.url, request.method) });
  };
  return { seen, fetch };
}

const WEIGHT = {
  op: "add",
  dataset: "measures",
  record: { date: 0, measures: [{ value: 72150, type: 1, unit: -3 }] },
} as const;

let sandbox: Sandbox;
afterEach(() => sandbox.close());

function weighIn(s: Sandbox) {
  return { ...WEIGHT, record: { ...WEIGHT.record, date: s.clock.nowSeconds() - 60 } };
}

describe("notify", () => {
  it("probes the callback with HEAD and refuses with 293 unless it answers 2xx", async () => {
    const { seen, fetch } = hooks((url) => (url.includes("/no-head") ? 405 : 200));
    sandbox = testSandbox({ outboundFetch: fetch });
    const { access_token } = sandbox.createUser({ profile: "scale-only", years: 1 });
    const subscribe = (callbackurl: string) =>
      post(
        sandbox,
        "/notify",
        { action: "subscribe", appli: "1", callbackurl, comment: "w" },
        access_token,
      );
    expect(await subscribe("https://hooks.example/no-head")).toEqual({
      status: 293,
      body: {},
      error: "The callback URL is either absent or incorrect",
    });
    expect(await subscribe("https://hooks.example/ok")).toEqual({ status: 0, body: {} });
    expect(await subscribe("not a url")).toMatchObject({ status: 293 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "HEAD https://hooks.example/no-head",
      "HEAD https://hooks.example/ok",
    ]);
    const list = await post(sandbox, "/notify", { action: "list" }, access_token);
    expect(list.body).toEqual({
      profiles: [
        { appli: 1, callbackurl: "https://hooks.example/ok", expires: 2147483647, comment: "w" },
      ],
    });
  });

  it("treats a failing probe (network error) as 293", async () => {
    sandbox = testSandbox({
      outboundFetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    const answer = await post(
      sandbox,
      "/notify",
      { action: "subscribe", appli: "1", callbackurl: "https://down.example/h" },
      access_token,
    );
    expect(answer.status).toBe(293);
  });

  it("gets, lists per appli, updates and revokes subscriptions", async () => {
    const { fetch } = hooks();
    sandbox = testSandbox({ outboundFetch: fetch });
    const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
    const call = (params: Record<string, string>) => post(sandbox, "/notify", params, access_token);
    const url = "https://hooks.example/a";
    expect((await call({ action: "subscribe", appli: "1", callbackurl: url })).status).toBe(0);
    expect((await call({ action: "subscribe", appli: "44", callbackurl: url })).status).toBe(0);

    // appli omitted on get means 1.
    expect(await call({ action: "get", callbackurl: url })).toEqual({
      status: 0,
      body: { appli: 1, callbackurl: url, comment: null },
    });
    expect((await call({ action: "get", callbackurl: url, appli: "4" })).status).toBe(286);
    expect(((await call({ action: "list" })).body["profiles"] as unknown[]).length).toBe(2);
    expect(
      ((await call({ action: "list", appli: "44" })).body["profiles"] as unknown[]).length,
    ).toBe(1);

    // update takes exactly one change.
    expect((await call({ action: "update", appli: "1", callbackurl: url })).status).toBe(503);
    expect(
      (await call({ action: "update", appli: "1", callbackurl: url, comment: "hi" })).status,
    ).toBe(0);
    expect((await call({ action: "get", callbackurl: url, appli: "1" })).body["comment"]).toBe(
      "hi",
    );
    expect(
      (await call({ action: "update", appli: "1", callbackurl: url, new_appli: "4" })).status,
    ).toBe(0);
    sandbox.clock.advance(10); // the same request again would be a duplicate within 10 s
    expect(
      (await call({ action: "update", appli: "1", callbackurl: url, new_appli: "4" })).status,
    ).toBe(286);

    expect((await call({ action: "revoke", callbackurl: url, appli: "4" })).status).toBe(0);
    expect(
      (await call({ action: "revoke", callbackurl: url, appli: "4", again: "1" })).status,
    ).toBe(294);
    // Without appli, every category at the URL goes.
    expect((await call({ action: "revoke", callbackurl: url })).status).toBe(0);
    expect((await call({ action: "list", empty: "1" })).body).toEqual({ profiles: [] });
  });

  it("POSTs the real form fields once to each matching subscription on a data change", async () => {
    const { seen, fetch } = hooks();
    sandbox = testSandbox({ outboundFetch: fetch });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    const subscribe = (appli: string, callbackurl: string) =>
      post(sandbox, "/notify", { action: "subscribe", appli, callbackurl }, user.access_token);
    await subscribe("1", "https://hooks.example/one");
    await subscribe("1", "https://hooks.example/two");
    await subscribe("4", "https://hooks.example/bp");
    seen.length = 0;

    const change = weighIn(sandbox);
    const result = await sandbox.editData({ userid: user.userid, change });
    expect(result.hints).toHaveLength(1);
    expect(result.notifications).toEqual({ sent: 2, failed: 0 });
    expect(seen.map((s) => `${s.method} ${s.url}`).sort()).toEqual([
      "POST https://hooks.example/one",
      "POST https://hooks.example/two",
    ]);
    const form = new URLSearchParams(seen[0]?.body);
    expect(seen[0]?.contentType).toBe("application/x-www-form-urlencoded");
    expect(form.get("userid")).toBe(user.userid);
    expect(form.get("appli")).toBe("1");
    expect(Number(form.get("startdate"))).toBe(change.record.date);
    expect(Number(form.get("enddate"))).toBe(change.record.date);
    expect([...form.keys()].sort()).toEqual(["appli", "enddate", "startdate", "userid"]);
    expect(sandbox.stats().notifications).toEqual({ sent: 2, failed: 0 });
  });

  it("counts failed deliveries and does not retry them", async () => {
    const { seen, fetch } = hooks((_url, method) => (method === "POST" ? 500 : 200));
    sandbox = testSandbox({ outboundFetch: fetch });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await post(
      sandbox,
      "/notify",
      { action: "subscribe", appli: "1", callbackurl: "https://h.example/x" },
      user.access_token,
    );
    const result = await sandbox.editData({ userid: user.userid, change: weighIn(sandbox) });
    expect(result.notifications).toEqual({ sent: 0, failed: 1 });
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(1);
  });

  it("oauth2 revoke drops the user's subscriptions", async () => {
    const { seen, fetch } = hooks();
    sandbox = testSandbox({ outboundFetch: fetch });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await post(
      sandbox,
      "/notify",
      { action: "subscribe", appli: "1", callbackurl: "https://h.example/x" },
      user.access_token,
    );
    const revoked = await post(sandbox, "/v2/oauth2", {
      action: "revoke",
      userid: user.userid,
      ...(await signed(sandbox, "revoke")),
    });
    expect(revoked.status).toBe(0);
    seen.length = 0;
    const result = await sandbox.editData({ userid: user.userid, change: weighIn(sandbox) });
    expect(result.notifications).toEqual({ sent: 0, failed: 0 });
    expect(seen).toHaveLength(0);
  });
});
