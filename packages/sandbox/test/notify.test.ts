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

async function subscribeTo(s: Sandbox, token: string, appli: string, callbackurl: string) {
  const answer = await post(s, "/notify", { action: "subscribe", appli, callbackurl }, token);
  expect(answer.status).toBe(0);
}

async function edit(s: Sandbox, userid: string) {
  s.clock.advance(60);
  return s.editData({ userid, change: weighIn(s) });
}

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
    expect(sandbox.stats().notifications).toMatchObject({ sent: 2, failed: 0, lost: 0 });
  });

  it("retries a failed notification on the guide's schedule, two tries a cycle, five cycles", async () => {
    const posts: number[] = [];
    sandbox = testSandbox({
      outboundFetch: async (request) => {
        if (request.method === "POST") posts.push(sandbox.clock.nowSeconds());
        return new Response(null, { status: request.method === "POST" ? 500 : 200 });
      },
    });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
    const first = sandbox.clock.nowSeconds();
    const result = await sandbox.editData({ userid: user.userid, change: weighIn(sandbox) });
    expect(result.notifications).toEqual({ sent: 0, failed: 1 });
    // Time moves in steps of 10 s: a wait ends at most 10 s after it is due.
    for (let t = 0; t < 7 * 3600; t += 10) {
      sandbox.clock.advance(10);
      await sandbox.notificationsIdle();
    }
    expect(posts).toHaveLength(10);
    // Two tries at once in each cycle; between cycles the documented waits.
    const cycles = posts.filter((_, i) => i % 2 === 0).map((t) => t - first);
    expect(posts.filter((_, i) => i % 2 === 1).map((t) => t - first)).toEqual(cycles);
    const gaps = cycles.slice(1).map((t, i) => t - cycles[i]!);
    expect(cycles[0]).toBe(0);
    const within = (gap: number | undefined, min: number, max: number) =>
      expect(gap !== undefined && gap >= min && gap <= max + 10, `${gap} in [${min}, ${max}]`).toBe(
        true,
      );
    within(gaps[0], 10, 10);
    within(gaps[1], 60 + 60, 60 + 600);
    within(gaps[2], 3600 + 120, 3600 + 1200);
    within(gaps[3], 4 * 3600 + 180, 4 * 3600 + 1800);
    expect(sandbox.stats().notifications).toMatchObject({ sent: 0, failed: 10, retries: 4 });
    // One failed notification does not cost the subscription: the next change is sent.
    expect(sandbox.stats().notifications.subscriptionsRemoved).toBe(0);
    await edit(sandbox, user.userid);
    expect(posts).toHaveLength(12);
  });

  it("delivers on a later cycle once the callback answers again, and sends nothing more", async () => {
    let up = false;
    const { seen, fetch } = hooks((_url, method) => (method === "POST" && !up ? 503 : 200));
    sandbox = testSandbox({ outboundFetch: fetch });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
    seen.length = 0;
    await sandbox.editData({ userid: user.userid, change: weighIn(sandbox) });
    sandbox.clock.advance(10);
    await sandbox.notificationsIdle();
    up = true;
    sandbox.clock.advance(11 * 60);
    await sandbox.notificationsIdle();
    sandbox.clock.advance(6 * 3600);
    await sandbox.notificationsIdle();
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST", "POST", "POST", "POST"]);
    expect(sandbox.stats().notifications).toMatchObject({ sent: 1, failed: 4, retries: 2 });
  });

  it("tries once a cycle only when retries are off", async () => {
    const { seen, fetch } = hooks((_url, method) => (method === "POST" ? 500 : 200));
    sandbox = testSandbox({ outboundFetch: fetch, notifications: { retries: false } });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
    const result = await sandbox.editData({ userid: user.userid, change: weighIn(sandbox) });
    expect(result.notifications).toEqual({ sent: 0, failed: 1 });
    sandbox.clock.advance(86_400);
    await sandbox.notificationsIdle();
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(2);
  });

  it("removes a subscription after four failed notifications in a row, unless told not to", async () => {
    for (const removeAfterFailures of [4, false] as const) {
      let ok = true;
      const { fetch } = hooks((_url, method) => (method === "POST" && !ok ? 500 : 200));
      sandbox = testSandbox({
        outboundFetch: fetch,
        notifications: { retries: false, removeAfterFailures },
      });
      const user = sandbox.createUser({ profile: "scale-only", years: 1 });
      await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
      await subscribeTo(sandbox, user.access_token, "4", "https://h.example/x");
      const profiles = async () =>
        (
          (await post(sandbox, "/notify", { action: "list" }, user.access_token)).body[
            "profiles"
          ] as { appli: number }[]
        ).map((p) => p.appli);
      // Three failures, a success, then three more: still in a row only three.
      ok = false;
      for (let i = 0; i < 3; i++) await edit(sandbox, user.userid);
      ok = true;
      await edit(sandbox, user.userid);
      ok = false;
      for (let i = 0; i < 3; i++) await edit(sandbox, user.userid);
      expect(await profiles()).toEqual([1, 4]);
      await edit(sandbox, user.userid);
      expect(await profiles()).toEqual(removeAfterFailures === false ? [1, 4] : [4]);
      expect(sandbox.stats().notifications.subscriptionsRemoved).toBe(
        removeAfterFailures === false ? 0 : 1,
      );
      sandbox.close();
    }
  });

  it("never sends a seeded share of notifications, the same share for the same seed", async () => {
    const lostWith = async (seed: number) => {
      const { seen, fetch } = hooks();
      sandbox = testSandbox({ seed, outboundFetch: fetch, notifications: { loss: 0.5 } });
      const user = sandbox.createUser({ profile: "scale-only", years: 1 });
      await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
      seen.length = 0;
      for (let i = 0; i < 40; i++) await edit(sandbox, user.userid);
      const { sent, lost } = sandbox.stats().notifications;
      expect(sent + lost).toBe(40);
      expect(seen).toHaveLength(sent);
      sandbox.close();
      return lost;
    };
    const lost = await lostWith(11);
    expect(lost).toBeGreaterThan(8);
    expect(lost).toBeLessThan(32);
    expect(await lostWith(11)).toBe(lost);
  });

  it("tells the app of an unlink, kills its tokens, drops its subscriptions, and lets late retries through", async () => {
    let up = false;
    const { seen, fetch } = hooks((_url, method) => (method === "POST" && !up ? 500 : 200));
    sandbox = testSandbox({ outboundFetch: fetch });
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    await subscribeTo(sandbox, user.access_token, "1", "https://h.example/x");
    await subscribeTo(sandbox, user.access_token, "46", "https://h.example/x");
    // A weigh-in whose notification fails, then the user unlinks the app.
    await edit(sandbox, user.userid);
    up = true;
    seen.length = 0;
    const unlinked = await sandbox.unlinkUser(user.userid);
    expect(unlinked).toEqual({
      tokens: 2,
      subscriptions: 2,
      notifications: { sent: 1, failed: 0 },
    });
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({
      userid: user.userid,
      appli: "46",
      action: "unlink",
    });
    expect((await post(sandbox, "/notify", { action: "list" }, user.access_token)).status).toBe(
      401,
    );
    // The weigh-in's notification is still being retried: it comes for an unlinked user.
    sandbox.clock.advance(10);
    await sandbox.notificationsIdle();
    expect(new URLSearchParams(seen[1]?.body).get("appli")).toBe("1");
    // Nothing new is sent once the subscriptions are gone.
    await edit(sandbox, user.userid);
    expect(seen).toHaveLength(2);
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
