import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";

// Computed independently of the client's signer, so a bug there cannot hide here.
const hmacSha256Hex = async (secret: string, message: string): Promise<string> =>
  createHmac("sha256", secret).update(message).digest("hex");

import type { Sandbox } from "../src/types/sandbox.js";
import {
  API,
  authorizeCode,
  authorizeUrl,
  CLIENT_ID,
  CLIENT_SECRET,
  exchange,
  post,
  REDIRECT,
  refresh,
  signed,
  testSandbox,
} from "./_helpers.js";

const INVALID_TOKEN =
  "XRequestID: Not provided invalid_token: The access token provided is invalid";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

function scaleUser(s: Sandbox): string {
  return s.createUser({ profile: "scale-only", years: 1 }).userid;
}

describe("authorize page", () => {
  it("lists users and links back with code and state once approved", async () => {
    sandbox = testSandbox();
    const userid = scaleUser(sandbox);
    const page = await sandbox.fetch(authorizeUrl());
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(userid);
    expect(html).toContain('name="sandbox_approve"');

    const approved = await sandbox.fetch(
      authorizeUrl({ sandbox_user: userid, sandbox_approve: "1" }),
    );
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("st4te");
    expect(location.searchParams.get("code")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("redirects a denial with access_denied", async () => {
    sandbox = testSandbox();
    const res = await sandbox.fetch(authorizeUrl({ sandbox_approve: "0" }));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st4te");
  });

  it("auto-approves the newest user when told to", async () => {
    sandbox = testSandbox({ autoApprove: true });
    const userid = scaleUser(sandbox);
    const res = await sandbox.fetch(authorizeUrl());
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
    expect((await exchange(sandbox, code)).body["userid"]).toBe(userid);
  });

  it.each([
    ["unknown client", { client_id: "nobody" }, "Invalid client_id"],
    ["unregistered redirect", { redirect_uri: "https://evil.example/cb" }, "Invalid redirect_uri"],
    [
      "https loopback is not the loopback convenience",
      { redirect_uri: "https://127.0.0.1:9/cb" },
      "Invalid redirect_uri",
    ],
    ["wrong response_type", { response_type: "token" }, "Invalid response_type"],
    ["space-separated scopes", { scope: "user.info user.metrics" }, "Invalid scope"],
    ["unknown scope", { scope: "user.metrics,user.everything" }, "Invalid scope"],
    ["missing state", { state: "" }, "Missing state"],
  ])("refuses %s with an error page, never a redirect", async (_name, extra, title) => {
    sandbox = testSandbox();
    const res = await sandbox.fetch(
      authorizeUrl({ ...extra, sandbox_user: "new", sandbox_approve: "1" }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(title);
  });

  it("accepts any loopback port for the default app, and exact URLs for configured apps", async () => {
    sandbox = testSandbox({
      apps: [
        { clientId: "mine", clientSecret: "s3cret", redirectUris: ["https://app.example/cb"] },
      ],
    });
    scaleUser(sandbox);
    for (const uri of ["http://localhost:1/x", "http://127.0.0.1:65000/deep/path?q=1"]) {
      const res = await sandbox.fetch(
        authorizeUrl({ redirect_uri: uri, sandbox_user: "newest", sandbox_approve: "1" }),
      );
      expect(res.status).toBe(302);
    }
    const ok = await sandbox.fetch(
      authorizeUrl({
        client_id: "mine",
        redirect_uri: "https://app.example/cb",
        sandbox_user: "newest",
        sandbox_approve: "1",
      }),
    );
    expect(ok.status).toBe(302);
    const loopback = await sandbox.fetch(
      authorizeUrl({
        client_id: "mine",
        redirect_uri: "http://127.0.0.1:5000/cb",
        sandbox_user: "newest",
        sandbox_approve: "1",
      }),
    );
    expect(loopback.status).toBe(400);
  });
});

describe("code exchange", () => {
  it("answers a requesttoken body for a fresh code", async () => {
    sandbox = testSandbox();
    const userid = scaleUser(sandbox);
    const answer = await exchange(sandbox, await authorizeCode(sandbox, userid));
    expect(answer.status).toBe(0);
    expect(answer.body).toEqual({
      userid,
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      refresh_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      expires_in: 10800,
      scope: "user.info,user.metrics,user.activity",
      token_type: "Bearer",
    });
  });

  it("refuses a code used twice with 503 invalid code", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    expect((await exchange(sandbox, code)).status).toBe(0);
    sandbox.clock.advance(11); // past the duplicate-request guard
    expect(await exchange(sandbox, code)).toEqual({
      status: 503,
      body: {},
      error: "Invalid Params: invalid code",
    });
  });

  it("refuses a code older than 30 s", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    sandbox.clock.advance(30);
    const answer = await exchange(sandbox, code);
    expect(answer.status).toBe(503);
    expect(answer.error).toBe("Invalid Params: invalid code");
  });

  it("refuses a redirect_uri different from the authorize one", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    const answer = await exchange(sandbox, code, "http://127.0.0.1:8765/other");
    expect(answer.status).toBe(503);
    expect(answer.error).toBe("Invalid Params: invalid redirect_uri");
    // The mismatch does not spend the code.
    expect((await exchange(sandbox, code)).status).toBe(0);
  });

  it("answers a doubled exchange within 10 s with the duplicate 601", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    expect((await exchange(sandbox, code)).status).toBe(0);
    sandbox.clock.advance(3);
    expect(await exchange(sandbox, code)).toEqual({
      status: 601,
      body: { wait_seconds: 7 },
      error: "Same arguments in less than 10 seconds",
    });
  });

  it("refuses an unknown client and a wrong secret with 503 (reference §4: invalid params)", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    const base = {
      action: "requesttoken",
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    };
    const unknown = await post(sandbox, "/v2/oauth2", {
      ...base,
      client_id: "nobody",
      client_secret: "x",
    });
    expect(unknown).toEqual({ status: 503, body: {}, error: "Invalid Params: invalid client_id" });
    const wrong = await post(sandbox, "/v2/oauth2", {
      ...base,
      client_id: CLIENT_ID,
      client_secret: "wrong",
    });
    expect(wrong).toEqual({
      status: 503,
      body: {},
      error: "Invalid Params: invalid client_secret",
    });
    // Neither spent the code.
    expect((await exchange(sandbox, code)).status).toBe(0);
  });

  it("accepts a nonce signature instead of the secret, once per nonce", async () => {
    sandbox = testSandbox();
    const userid = scaleUser(sandbox);
    const code = await authorizeCode(sandbox, userid);
    const signature = await signed(sandbox, "requesttoken");
    const params = {
      action: "requesttoken",
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      ...signature,
    };
    const answer = await post(sandbox, "/v2/oauth2", params);
    expect(answer.status).toBe(0);
    expect(answer.body["userid"]).toBe(userid);

    // The same nonce again (new code, so not a duplicate request) is refused.
    const code2 = await authorizeCode(sandbox, userid);
    const reused = await post(sandbox, "/v2/oauth2", { ...params, code: code2 });
    expect(reused).toEqual({ status: 503, body: {}, error: "Invalid Params: invalid nonce" });

    // A wrong signature is 342 and leaves the nonce usable.
    const fresh = await signed(sandbox, "requesttoken");
    const bad = await post(sandbox, "/v2/oauth2", {
      ...params,
      code: code2,
      ...fresh,
      signature: "0".repeat(64),
    });
    expect(bad.status).toBe(342);
    expect((await post(sandbox, "/v2/oauth2", { ...params, code: code2, ...fresh })).status).toBe(
      0,
    );
  });

  it("needs POST: a GET to the token endpoint is refused even with valid fields", async () => {
    sandbox = testSandbox();
    const code = await authorizeCode(sandbox, scaleUser(sandbox));
    const res = await sandbox.fetch(
      `${API}/v2/oauth2?${new URLSearchParams({
        action: "requesttoken",
        grant_type: "authorization_code",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code,
        redirect_uri: REDIRECT,
      })}`,
    );
    expect(await res.json()).toEqual({
      status: 503,
      body: {},
      error: "Invalid Params: invalid grant_type",
    });
  });
});

describe("getnonce", () => {
  it("checks the timestamp signature and tolerance", async () => {
    sandbox = testSandbox();
    const now = sandbox.clock.nowSeconds();
    const call = async (timestamp: number, secret = CLIENT_SECRET) =>
      post(sandbox, "/v2/signature", {
        action: "getnonce",
        client_id: CLIENT_ID,
        timestamp: String(timestamp),
        signature: await hmacSha256Hex(secret, `getnonce,${CLIENT_ID},${timestamp}`),
      });
    const ok = await call(now);
    expect(ok.status).toBe(0);
    expect(ok.body["nonce"]).toMatch(/^[0-9a-f]{40}$/);
    expect((await call(now - 3600)).status).toBe(503);
    expect((await call(now + 1, "not-the-secret")).status).toBe(342);
  });

  it("makes nonces expire after 30 minutes", async () => {
    sandbox = testSandbox();
    const signature = await signed(sandbox, "getdemoaccess");
    sandbox.clock.advance(30 * 60);
    const answer = await post(sandbox, "/v2/oauth2", {
      action: "getdemoaccess",
      scope_oauth2: "user.metrics",
      ...signature,
    });
    expect(answer.error).toBe("Invalid Params: invalid nonce");
  });
});

describe("access and refresh tokens", () => {
  async function login(s: Sandbox) {
    const answer = await exchange(s, await authorizeCode(s, scaleUser(s)));
    return answer.body as { access_token: string; refresh_token: string; userid: string };
  }
  const devices = (s: Sandbox, token: string, salt = "") =>
    post(s, "/v2/user", { action: "getdevice", ...(salt ? { salt } : {}) }, token);

  it("expires access tokens after 3 h with body status 401 inside HTTP 200", async () => {
    sandbox = testSandbox();
    const { access_token } = await login(sandbox);
    expect((await devices(sandbox, access_token)).status).toBe(0);
    sandbox.clock.advance(3 * 3600);
    expect(await devices(sandbox, access_token)).toEqual({
      status: 401,
      body: {},
      error: INVALID_TOKEN,
    });
  });

  it("rotates the refresh token on every refresh", async () => {
    sandbox = testSandbox();
    const first = await login(sandbox);
    const second = (await refresh(sandbox, first.refresh_token)).body;
    expect(second["refresh_token"]).not.toBe(first.refresh_token);
    expect(second["access_token"]).not.toBe(first.access_token);
    sandbox.clock.advance(11);
    const third = await refresh(sandbox, String(second["refresh_token"]));
    expect(third.status).toBe(0);
    expect(sandbox.stats().refreshes).toBe(2);
  });

  it("kills the old refresh token when the new access token is first used", async () => {
    sandbox = testSandbox();
    const first = await login(sandbox);
    const second = (await refresh(sandbox, first.refresh_token)).body;
    sandbox.clock.advance(11);
    // Before the new token is used, the old refresh token still works (the safety net).
    const again = await refresh(sandbox, first.refresh_token);
    expect(again.status).toBe(0);
    expect((await devices(sandbox, String(again.body["access_token"]))).status).toBe(0);
    sandbox.clock.advance(11);
    expect(await refresh(sandbox, first.refresh_token)).toEqual({
      status: 503,
      body: {},
      error: "Invalid Params: invalid refresh_token",
    });
    // The pair that was never used lives on.
    expect((await refresh(sandbox, String(second["refresh_token"]))).status).toBe(0);
  });

  it("kills the old refresh token 8 h after the rotation even if the new pair is never used", async () => {
    sandbox = testSandbox();
    const first = await login(sandbox);
    const second = (await refresh(sandbox, first.refresh_token)).body;
    sandbox.clock.advance(8 * 3600 - 11);
    expect((await refresh(sandbox, first.refresh_token)).status).toBe(0);
    sandbox.clock.advance(11); // 8 h after the rotation (and past the duplicate guard)
    expect((await refresh(sandbox, first.refresh_token)).error).toBe(
      "Invalid Params: invalid refresh_token",
    );
    expect((await refresh(sandbox, String(second["refresh_token"]))).status).toBe(0);
  });

  it("accepts GET with access_token in the query, as well as POST with Bearer", async () => {
    sandbox = testSandbox();
    const { access_token } = await login(sandbox);
    const res = await sandbox.fetch(`${API}/v2/user?action=getdevice&access_token=${access_token}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: number }).status).toBe(0);
  });

  it("answers 401 for a missing or unknown token", async () => {
    sandbox = testSandbox();
    expect((await post(sandbox, "/v2/user", { action: "getdevice" })).status).toBe(401);
    expect(await devices(sandbox, "f".repeat(40))).toEqual({
      status: 401,
      body: {},
      error: INVALID_TOKEN,
    });
  });
});

describe("signed oauth2 actions", () => {
  it("getdemoaccess gives tokens of a demo user with data", async () => {
    sandbox = testSandbox();
    const answer = await post(sandbox, "/v2/oauth2", {
      action: "getdemoaccess",
      scope_oauth2: "user.metrics,user.activity",
      ...(await signed(sandbox, "getdemoaccess")),
    });
    expect(answer.status).toBe(0);
    expect(answer.body["scope"]).toBe("user.metrics,user.activity");
    const meas = await post(
      sandbox,
      "/measure",
      { action: "getmeas" },
      String(answer.body["access_token"]),
    );
    expect(meas.status).toBe(0);
    expect((meas.body["measuregrps"] as unknown[]).length).toBeGreaterThan(0);
    expect(sandbox.users().find((u) => u.demo)?.userid).toBe(answer.body["userid"]);
  });

  it("revoke kills the user's tokens for the app", async () => {
    sandbox = testSandbox();
    const tokens = sandbox.createUser({ profile: "empty", years: 0 });
    const revoke = async () =>
      post(sandbox, "/v2/oauth2", {
        action: "revoke",
        userid: tokens.userid,
        ...(await signed(sandbox, "revoke")),
      });
    expect(await revoke()).toEqual({ status: 0, body: {} });
    expect(
      (await post(sandbox, "/v2/user", { action: "getdevice" }, tokens.access_token)).status,
    ).toBe(401);
    expect((await refresh(sandbox, tokens.refresh_token)).status).toBe(503);
    expect((await revoke()).status).toBe(247);
  });

  it("signed actions refuse the client secret alone", async () => {
    sandbox = testSandbox();
    const tokens = sandbox.createUser({ profile: "empty", years: 0 });
    const answer = await post(sandbox, "/v2/oauth2", {
      action: "revoke",
      userid: tokens.userid,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(answer.status).toBe(503);
  });
});
