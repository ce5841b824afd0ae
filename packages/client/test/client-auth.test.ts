import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TokenSet } from "../src/auth/token-set.js";
import { MemoryTokenStore } from "../src/auth/token-store.js";
import { WithingsAuthError, WithingsInvalidParamsError } from "../src/errors/withings-api-error.js";
import { WithingsResponseError } from "../src/errors/withings-response-error.js";
import { WithingsStateError } from "../src/errors/withings-state-error.js";
import { createWithingsClient } from "../src/withings-client.js";
import { envelope, FakeApi, tokenAnswer } from "./helpers/fake-api.js";
import { TestClock } from "./helpers/test-clock.js";

const SECRET = "s3cr3t-client-secret";

function setup(
  api: FakeApi,
  extra: { signTokenRequests?: boolean; tokenStore?: MemoryTokenStore } = {},
) {
  const clock = new TestClock();
  const tokenStore = extra.tokenStore ?? new MemoryTokenStore();
  const client = createWithingsClient({
    clientId: "app-id",
    clientSecret: SECRET,
    redirectUri: "https://app.example/cb",
    cloud: "https://api.test",
    fetch: api.fetch,
    clock,
    tokenStore,
    retry: { maxAttempts: 3 },
    random: () => 0.5,
    ...(extra.signTokenRequests ? { signTokenRequests: true } : {}),
  });
  return { client, clock, tokenStore };
}

function expiredTokens(clock: TestClock, access = "old-access", refresh = "old-refresh"): TokenSet {
  return {
    userId: "42",
    accessToken: access,
    refreshToken: refresh,
    expiresAt: clock.now() - 1,
    scope: ["user.metrics"],
    tokenType: "Bearer",
  };
}

const emptyMeas = () =>
  envelope(0, { updatetime: 1, timezone: "UTC", measuregrps: [], more: 0, offset: 0 });

describe("authorize URL and state", () => {
  it("builds the consent URL with comma-joined scopes and a fresh state", () => {
    const { client } = setup(new FakeApi());
    const { url, state } = client.authorizeUrl({ scope: ["user.metrics", "user.activity"] });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("https://api.test/oauth2_user/authorize2");
    expect(parsed.searchParams.get("scope")).toBe("user.metrics,user.activity");
    expect(parsed.searchParams.get("response_type")).toBe("code");
    expect(parsed.searchParams.get("redirect_uri")).toBe("https://app.example/cb");
    expect(parsed.searchParams.get("state")).toBe(state);
    expect(state.length).toBeGreaterThanOrEqual(40);
    expect(client.authorizeUrl().state).not.toBe(state);
    expect(new URL(client.authorizeUrl({ demo: true }).url).searchParams.get("mode")).toBe("demo");
  });

  it("refuses a redirect whose state differs, before any code is exchanged", async () => {
    const api = new FakeApi();
    const { client } = setup(api);
    await expect(
      client.exchangeRedirect("expected", "https://app.example/cb?code=c&state=forged"),
    ).rejects.toThrow(WithingsStateError);
    expect(api.seen).toHaveLength(0);
  });
});

describe("token exchange", () => {
  it("exchanges a code with the client secret and stores the tokens under the user id", async () => {
    const api = new FakeApi().on(
      "/v2/oauth2",
      "requesttoken",
      tokenAnswer(12345, "acc-1", "ref-1"),
    );
    const { client, clock, tokenStore } = setup(api);
    const tokens = await client.exchangeRedirect(
      "st",
      "https://app.example/cb?code=the-code&state=st",
    );
    expect(tokens).toMatchObject({ userId: "12345", accessToken: "acc-1", refreshToken: "ref-1" });
    expect(tokens.expiresAt).toBe(clock.now() + 10_800_000);
    expect(await tokenStore.get("12345")).toEqual(tokens);
    const form = api.seen[0]!.form;
    expect(Object.fromEntries(form)).toEqual({
      action: "requesttoken",
      grant_type: "authorization_code",
      code: "the-code",
      redirect_uri: "https://app.example/cb",
      client_id: "app-id",
      client_secret: SECRET,
    });
  });

  it("signs instead of sending the secret when asked: getnonce, then requesttoken with the nonce", async () => {
    const api = new FakeApi()
      .on("/v2/signature", "getnonce", envelope(0, { nonce: "nonce-1" }))
      .on("/v2/oauth2", "requesttoken", tokenAnswer("7", "a", "r"));
    const { client, clock } = setup(api, { signTokenRequests: true });
    await client.exchangeCode("code-1");
    const hmac = (m: string) => createHmac("sha256", SECRET).update(m).digest("hex");
    const nonceForm = api.seen[0]!.form;
    const timestamp = String(Math.floor(clock.now() / 1000));
    expect(nonceForm.get("timestamp")).toBe(timestamp);
    expect(nonceForm.get("signature")).toBe(hmac(`getnonce,app-id,${timestamp}`));
    const tokenForm = api.seen[1]!.form;
    expect(tokenForm.get("client_secret")).toBeNull();
    expect(tokenForm.get("nonce")).toBe("nonce-1");
    expect(tokenForm.get("signature")).toBe(hmac("requesttoken,app-id,nonce-1"));
  });

  it("revokes with a fresh nonce and signature and forgets the user", async () => {
    const api = new FakeApi()
      .on("/v2/signature", "getnonce", envelope(0, { nonce: "n-rev" }))
      .on("/v2/oauth2", "revoke", envelope(0, {}));
    const { client, clock, tokenStore } = setup(api);
    await tokenStore.set("42", expiredTokens(clock));
    await client.revoke("42");
    const form = api.seen[1]!.form;
    expect(form.get("userid")).toBe("42");
    expect(form.get("signature")).toBe(
      createHmac("sha256", SECRET).update("revoke,app-id,n-rev").digest("hex"),
    );
    expect(await tokenStore.get("42")).toBeUndefined();
  });
});

describe("saveTokens", () => {
  const body = { userid: 42, access_token: "secret-access", refresh_token: "secret-refresh" };

  it("stores a requesttoken body or its envelope, the user id as a string", async () => {
    const { client, tokenStore } = setup(new FakeApi());
    expect((await client.saveTokens(body)).userId).toBe("42");
    const envelope = { status: 0, body: { ...body, userid: "43", expires_in: 10800 } };
    const saved = await client.saveTokens(envelope);
    expect(saved.userId).toBe("43");
    expect((await tokenStore.get("43"))?.refreshToken).toBe("secret-refresh");
  });

  it.each([
    ["a string", "not an answer", "$.body"],
    ["no refresh token", { userid: 1, access_token: "secret-access" }, "$.body.refresh_token"],
    ["an empty access token", { ...body, access_token: "" }, "$.body.access_token"],
    [
      "no user",
      { access_token: "secret-access", refresh_token: "secret-refresh" },
      "$.body.userid",
    ],
    ["a bad expiry", { ...body, expires_in: "soon" }, "$.body.expires_in"],
  ])(
    "refuses %s, naming the field and never a value, and stores nothing",
    async (_, answer, path) => {
      const { client, tokenStore } = setup(new FakeApi());
      const error = await client.saveTokens(answer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WithingsResponseError);
      expect((error as WithingsResponseError).path).toBe(path);
      expect(String(error)).not.toMatch(/secret-/);
      expect(await tokenStore.list()).toEqual([]);
    },
  );

  it("refuses an error envelope with its typed error", async () => {
    const { client } = setup(new FakeApi());
    const answer = { status: 503, body: {}, error: "Invalid Params: invalid code" };
    await expect(client.saveTokens(answer)).rejects.toBeInstanceOf(WithingsInvalidParamsError);
  });
});

describe("refresh", () => {
  it("100 concurrent calls with an expired token cause exactly one refresh", async () => {
    const api = new FakeApi()
      .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "new-access", "new-refresh"))
      .always("/measure", "getmeas", emptyMeas());
    const { client, clock, tokenStore } = setup(api);
    await tokenStore.set("42", expiredTokens(clock));
    const user = client.user("42");
    // Distinct arguments, so that each is a real request (identical reads would coalesce).
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => user.getMeas({ meastype: 1, offset: i })),
    );
    expect(api.count("requesttoken")).toBe(1);
    expect(api.count("getmeas")).toBe(100);
    expect(
      api.seen
        .filter((r) => r.action === "getmeas")
        .every((r) => r.authorization === "Bearer new-access"),
    ).toBe(true);
    expect(api.seen[0]!.form.get("refresh_token")).toBe("old-refresh");
  });

  it("refreshes under the store's lock, and takes a pair another process rotated meanwhile", async () => {
    // A store shared with another process, which rotates the pair while this one waits.
    class SharedStore extends MemoryTokenStore {
      entered = 0;
      rotateFirst = false;
      async exclusive<T>(userId: string, work: () => Promise<T>): Promise<T> {
        this.entered++;
        if (this.rotateFirst) {
          const current = (await this.get(userId))!;
          await this.set(userId, {
            ...current,
            accessToken: "their-access",
            refreshToken: "their-refresh",
            expiresAt: current.expiresAt + 10_800_000,
          });
        }
        return work();
      }
    }
    const api = new FakeApi()
      .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "new-access", "new-refresh"))
      .always("/measure", "getmeas", emptyMeas());
    const tokenStore = new SharedStore();
    const { client, clock } = setup(api, { tokenStore });
    await tokenStore.set("42", expiredTokens(clock));
    await client.user("42").getMeas({ meastype: 1 });
    expect([tokenStore.entered, api.count("requesttoken")]).toEqual([1, 1]);

    clock.advance(4 * 3_600_000);
    tokenStore.rotateFirst = true;
    await client.user("42").getMeas({ meastype: 1, offset: 1 });
    expect([tokenStore.entered, api.count("requesttoken")]).toEqual([2, 1]);
    expect(api.seen.at(-1)?.authorization).toBe("Bearer their-access");
  });

  it("shares one request between identical reads in flight, but not between writes", async () => {
    const api = new FakeApi()
      .always("/v2/user", "getgoals", envelope(0, { goals: { steps: 10_000 } }))
      .always("/notify", "revoke", envelope(0, {}));
    const { client, clock, tokenStore } = setup(api);
    await tokenStore.set("42", { ...expiredTokens(clock), expiresAt: clock.now() + 3_600_000 });
    const user = client.user("42");
    const answers = await Promise.all(Array.from({ length: 20 }, () => user.getGoals()));
    expect(api.count("getgoals")).toBe(1);
    expect(answers.every((a) => a.goals.steps === 10_000)).toBe(true);
    await user.getGoals();
    expect(api.count("getgoals")).toBe(2);
    await Promise.all([1, 2].map(() => user.notifyRevoke({ callbackurl: "https://x.example/h" })));
    expect(api.count("revoke")).toBe(2);
  });

  it("stores the rotated pair, awaited, before the new access token is ever used", async () => {
    const events: string[] = [];
    class SlowStore extends MemoryTokenStore {
      override async set(userId: string, tokens: TokenSet): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await super.set(userId, tokens);
        events.push(`stored ${tokens.accessToken}`);
      }
    }
    const tokenStore = new SlowStore();
    const api = new FakeApi()
      .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "rotated", "rotated-refresh"))
      .always("/measure", "getmeas", (req) => {
        events.push(`used ${req.authorization}`);
        return emptyMeas();
      });
    const { client, clock } = setup(api, { tokenStore });
    await MemoryTokenStore.prototype.set.call(tokenStore, "42", expiredTokens(clock));
    await client.user("42").getMeas();
    expect(events).toEqual(["stored rotated", "used Bearer rotated"]);
  });

  it("refreshes once after a body-level 401 and retries the call once", async () => {
    const api = new FakeApi()
      .on(
        "/measure",
        "getmeas",
        envelope(
          401,
          {},
          "XRequestID: Not provided invalid_token: The access token provided is invalid",
        ),
        emptyMeas(),
      )
      .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "after-401", "r2"));
    const { client, clock, tokenStore } = setup(api);
    await tokenStore.set("42", { ...expiredTokens(clock), expiresAt: clock.now() + 3_600_000 });
    await client.user("42").getMeas();
    expect(api.seen.map((r) => r.action)).toEqual(["getmeas", "requesttoken", "getmeas"]);
    expect(api.seen[2]!.authorization).toBe("Bearer after-401");
  });

  it("says the user must consent again when the refresh token is dead or a fresh token is refused", async () => {
    const dead = new FakeApi().on(
      "/v2/oauth2",
      "requesttoken",
      envelope(503, {}, "Invalid Params: invalid refresh_token"),
    );
    const a = setup(dead);
    await a.tokenStore.set("42", expiredTokens(a.clock));
    const error = await a.client
      .user("42")
      .getMeas()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithingsAuthError);
    expect((error as WithingsAuthError).needsReauthorization).toBe(true);
    expect(dead.count("requesttoken")).toBe(1);

    const revoked = new FakeApi()
      .always("/measure", "getmeas", envelope(401, {}, "invalid_token"))
      .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "x", "y"));
    const b = setup(revoked);
    await b.tokenStore.set("42", {
      ...expiredTokens(b.clock),
      expiresAt: b.clock.now() + 3_600_000,
    });
    const second = await b.client
      .user("42")
      .getMeas()
      .catch((e: unknown) => e);
    expect((second as WithingsAuthError).needsReauthorization).toBe(true);
    expect(revoked.count("getmeas")).toBe(2);
  });

  it("keeps every secret out of error messages", async () => {
    const api = new FakeApi().on(
      "/v2/oauth2",
      "requesttoken",
      envelope(
        503,
        {},
        `Invalid Params: invalid refresh_token old-refresh-token-value for ${SECRET}`,
      ),
    );
    const { client, clock, tokenStore } = setup(api);
    await tokenStore.set(
      "42",
      expiredTokens(clock, "old-access-token-value", "old-refresh-token-value"),
    );
    const error = (await client.refresh("42").catch((e: unknown) => e)) as Error;
    const text = `${error.message} ${JSON.stringify(error)} ${String((error as { cause?: Error }).cause?.message)}`;
    expect(text).not.toContain("old-refresh-token-value");
    expect(text).not.toContain(SECRET);
  });

  it("asks for consent when a user has no stored tokens, without calling the API", async () => {
    const api = new FakeApi();
    const { client } = setup(api);
    const error = await client
      .user("404")
      .getGoals()
      .catch((e: unknown) => e);
    expect((error as WithingsAuthError).needsReauthorization).toBe(true);
    expect(api.seen).toHaveLength(0);
  });
});
