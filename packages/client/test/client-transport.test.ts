import { describe, expect, it } from "vitest";
import { MemoryTokenStore } from "../src/auth/token-store.js";
import { WithingsHttpError, WithingsTimeoutError } from "../src/errors/transport-errors.js";
import {
  WithingsInvalidParamsError,
  WithingsRateLimitError,
} from "../src/errors/withings-api-error.js";
import { WithingsResponseError } from "../src/errors/withings-response-error.js";
import type { ClientEvent } from "../src/http/client-event.js";
import type { RateLimiter } from "../src/limits/rate-limiter.js";
import { retryPolicy } from "../src/limits/retry-policy.js";
import { createWithingsClient } from "../src/withings-client.js";
import { envelope, FakeApi } from "./helpers/fake-api.js";
import { TestClock } from "./helpers/test-clock.js";

async function userOf(
  api: FakeApi,
  options: {
    timeoutMs?: number;
    maxAttempts?: number;
    rateLimiter?: RateLimiter;
    /** Stands between the client and the fake API, with the test's clock. */
    around?: (clock: TestClock, request: Request) => Promise<Response>;
  } = {},
) {
  const clock = new TestClock();
  const tokenStore = new MemoryTokenStore();
  await tokenStore.set("42", {
    userId: "42",
    accessToken: "access",
    refreshToken: "refresh",
    expiresAt: clock.now() + 3_600_000,
    scope: ["user.metrics", "user.activity"],
    tokenType: "Bearer",
  });
  const events: ClientEvent[] = [];
  const client = createWithingsClient({
    clientId: "app",
    clientSecret: "secret",
    cloud: "https://api.test",
    fetch: options.around ? (request) => options.around!(clock, request) : api.fetch,
    clock,
    tokenStore,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: { maxAttempts: options.maxAttempts ?? 4, baseDelayMs: 100 },
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  return { user: client.user("42"), clock, events };
}

const group = (grpid: number) => ({
  grpid,
  attrib: 0,
  date: 1704412800 - grpid,
  created: 1704412800,
  modified: 1704412800,
  category: 1,
  deviceid: null,
  measures: [{ value: 72500, type: 1, unit: -3 }],
});
const measPage = (grpids: number[], more: number, offset?: number) =>
  envelope(0, {
    updatetime: 1704412800,
    timezone: "Europe/Paris",
    measuregrps: grpids.map(group),
    more,
    ...(offset === undefined ? {} : { offset }),
  });
const html = (status: number) =>
  new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
    status,
    headers: { "content-type": "text/html" },
  });

describe("retries", () => {
  it("retries 5xx HTML pages and truncated JSON, then returns the answer", async () => {
    const api = new FakeApi().on(
      "/measure",
      "getmeas",
      html(502),
      new Response('{"status":0,"body":{"measuregrps":[{"grp'),
      measPage([1], 0),
    );
    const { user, clock, events } = await userOf(api);
    const body = await user.getMeas();
    expect(body.measuregrps.map((g) => g.grpid)).toEqual([1]);
    expect(api.count("getmeas")).toBe(3);
    // The cut answer may have been the server's whole answer: the retry waits out the
    // duplicate window (10 s, plus half a second of jitter at random 0.5).
    expect(clock.sleeps).toEqual([50, 10_500]);
    expect(
      events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason),
    ).toEqual(["WITHINGS_HTTP", "WITHINGS_BAD_RESPONSE"]);
  });

  it("counts the duplicate window from when a cut answer came, not from when it was sent", async () => {
    const api = new FakeApi().on(
      "/measure",
      "getmeas",
      new Response('{"status":0,"body":{"measuregrps":[{"grp'),
      measPage([1], 0),
    );
    // The cut answer takes 3 s to come back: the server may have handled it at its end.
    const { user, clock } = await userOf(api, {
      around: async (clock, request) => {
        const answer = await api.fetch(request);
        if (api.count("getmeas") === 1) clock.advance(3_000);
        return answer;
      },
    });
    await user.getMeas();
    expect(clock.sleeps).toEqual([10_500]);
  });

  it("honours wait_seconds on a 601 and does not hammer", async () => {
    const api = new FakeApi().on(
      "/measure",
      "getmeas",
      envelope(601, { wait_seconds: 188 }, "Same arguments in less than 10 seconds"),
      measPage([], 0),
    );
    const { user, clock } = await userOf(api);
    await user.getMeas();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(188_000);
    expect(api.count("getmeas")).toBe(2);
  });

  it("pauses the app's limiter for the quota's 601, not for a refused repeat", async () => {
    const paused: number[] = [];
    const rateLimiter: RateLimiter = {
      acquire: async () => {},
      pause: (ms) => paused.push(ms),
    };
    const repeat = new FakeApi().on(
      "/measure",
      "getmeas",
      envelope(601, { wait_seconds: 3 }, "Same arguments in less than 10 seconds"),
      measPage([], 0),
    );
    const first = await userOf(repeat, { rateLimiter });
    await first.user.getMeas();
    // Only this request waited its 3 s (and the jitter); every other caller went on.
    expect(first.clock.sleeps).toEqual([3_500]);
    expect(paused).toEqual([]);
    const quota = new FakeApi().on(
      "/measure",
      "getmeas",
      envelope(601, {}, "Too Many Requests"),
      measPage([], 0),
    );
    const second = await userOf(quota, { rateLimiter });
    await second.user.getMeas();
    expect(paused).toEqual([10_500]);
  });

  it("follows a call's own retry policy in place of the client's", async () => {
    const api = new FakeApi().always("/measure", "getmeas", html(503));
    const { user } = await userOf(api, { maxAttempts: 2 });
    expect(user.retryPolicy.maxAttempts).toBe(2);
    const retry = retryPolicy({ maxAttempts: 5, baseDelayMs: 1 });
    await expect(user.getMeas({}, { retry })).rejects.toBeInstanceOf(WithingsHttpError);
    expect(api.count("getmeas")).toBe(5);
    await expect(user.getMeas()).rejects.toBeInstanceOf(WithingsHttpError);
    expect(api.count("getmeas")).toBe(7);
  });

  it("gives up after maxAttempts with the last typed error", async () => {
    const api = new FakeApi().always("/measure", "getmeas", html(503));
    const { user } = await userOf(api, { maxAttempts: 3 });
    const error = await user.getMeas().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithingsHttpError);
    expect((error as WithingsHttpError).httpStatus).toBe(503);
    expect(api.count("getmeas")).toBe(3);
  });

  it("never retries invalid parameters", async () => {
    const api = new FakeApi().always("/v2/sleep", "get", envelope(503, {}, "Invalid Params"));
    const { user } = await userOf(api);
    await expect(user.call("sleep.get", { startdate: 1, enddate: 2 })).rejects.toBeInstanceOf(
      WithingsInvalidParamsError,
    );
    expect(api.count("get")).toBe(1);
  });

  it("does not retry a subscription after an ambiguous failure, only after 601", async () => {
    const api = new FakeApi().on("/notify", "subscribe", html(502));
    const { user } = await userOf(api);
    await expect(
      user.notifySubscribe({ callbackurl: "https://x.example/h", appli: 1 }),
    ).rejects.toBeInstanceOf(WithingsHttpError);
    expect(api.count("subscribe")).toBe(1);
    const limited = new FakeApi().on("/notify", "subscribe", envelope(601), envelope(0));
    const second = await userOf(limited);
    await second.user.notifySubscribe({ callbackurl: "https://x.example/h", appli: 1 });
    expect(limited.count("subscribe")).toBe(2);
  });

  it("times out a hanging answer and reports it as a timeout", async () => {
    const api = new FakeApi().always(
      "/measure",
      "getmeas",
      () => new Promise<Response>(() => undefined) as Promise<Response>,
    );
    // FakeApi ignores the abort signal on purpose, like a stuck socket; the client must
    // stop waiting anyway.
    const { user } = await userOf(api, { timeoutMs: 20, maxAttempts: 2 });
    const error = await user.getMeas().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithingsTimeoutError);
    expect(api.count("getmeas")).toBe(2);
  });

  it("leaves no unhandled rejection when the caller aborts while fetch runs", async () => {
    const controller = new AbortController();
    const stop = new Error("stopped by the caller");
    const tokenStore = new MemoryTokenStore();
    const clock = new TestClock();
    await tokenStore.set("42", {
      userId: "42",
      accessToken: "access",
      refreshToken: "refresh",
      expiresAt: clock.now() + 3_600_000,
      scope: ["user.metrics"],
      tokenType: "Bearer",
    });
    const client = createWithingsClient({
      clientId: "app",
      clientSecret: "secret",
      cloud: "https://api.test",
      // Aborts before returning, then fails: the socket closing under an abort.
      fetch: () => {
        controller.abort(stop);
        return Promise.reject(new Error("socket closed"));
      },
      clock,
      tokenStore,
    });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const error = await client
        .user("42")
        .getMeas({}, { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBe(stop);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("reports a wrong body shape with its path, without retrying", async () => {
    const api = new FakeApi().always(
      "/measure",
      "getmeas",
      envelope(0, { measuregrps: [{ ...group(1), grpid: "x" }], more: 0 }),
    );
    const { user } = await userOf(api);
    const error = (await user.getMeas().catch((e: unknown) => e)) as WithingsResponseError;
    expect(error).toBeInstanceOf(WithingsResponseError);
    expect(error.problem).toBe("shape");
    expect(error.path).toContain("measuregrps[0].grpid");
    expect(api.count("getmeas")).toBe(1);
  });
});

describe("rate limit", () => {
  it("spaces calls so that no minute sees more than 120, across users of the app", async () => {
    const api = new FakeApi().always("/measure", "getmeas", () => measPage([], 0));
    const { user, clock } = await userOf(api);
    const start = clock.now();
    await Promise.all(Array.from({ length: 121 }, (_, i) => user.getMeas({ offset: i })));
    expect(api.count("getmeas")).toBe(121);
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it("surfaces a 601 that outlasts the retries as a typed rate-limit error", async () => {
    const api = new FakeApi().always("/measure", "getmeas", envelope(601, {}, "too many"));
    const { user } = await userOf(api, { maxAttempts: 2 });
    await expect(user.getMeas()).rejects.toBeInstanceOf(WithingsRateLimitError);
  });
});

describe("pagination", () => {
  it("follows more (0/1) and sends offset back as given", async () => {
    const api = new FakeApi().on(
      "/measure",
      "getmeas",
      measPage([1, 2], 1, 777),
      measPage([3], 0, 0),
    );
    const { user } = await userOf(api);
    const all = await user.collect("measure.getmeas", { meastype: 1 });
    expect(all.map((g) => g.grpid)).toEqual([1, 2, 3]);
    expect(api.seen[1]!.form.get("offset")).toBe("777");
    expect(api.seen[1]!.form.get("meastype")).toBe("1");
  });

  it("follows a boolean more on v2 lists", async () => {
    const day = (date: string) => ({ date, timezone: "UTC", steps: 1 });
    const api = new FakeApi().on(
      "/v2/measure",
      "getactivity",
      envelope(0, { activities: [day("2024-01-01"), day("2024-01-02")], more: true, offset: 2 }),
      envelope(0, { activities: [day("2024-01-03")], more: false, offset: 0 }),
    );
    const { user } = await userOf(api);
    const days = await user.collect("measure.getactivity", { lastupdate: 0 });
    expect(days.map((d) => d.date)).toEqual(["2024-01-01", "2024-01-02", "2024-01-03"]);
  });

  it("stops on more without offset, a stuck offset, or a repeated page", async () => {
    const ends: string[] = [];
    const noOffset = new FakeApi().on("/measure", "getmeas", measPage([1], 1));
    const a = await userOf(noOffset);
    expect(
      await a.user.collect("measure.getmeas", {}, { onEnd: (e) => ends.push(e) }),
    ).toHaveLength(1);

    const stuck = new FakeApi().on("/measure", "getmeas", measPage([1], 1, 5), measPage([2], 1, 5));
    const b = await userOf(stuck);
    expect(
      await b.user.collect("measure.getmeas", {}, { onEnd: (e) => ends.push(e) }),
    ).toHaveLength(2);

    const repeated = new FakeApi().on(
      "/measure",
      "getmeas",
      measPage([1], 1, 1),
      measPage([1], 1, 2),
    );
    const c = await userOf(repeated);
    expect(
      await c.user.collect("measure.getmeas", {}, { onEnd: (e) => ends.push(e) }),
    ).toHaveLength(1);

    expect(ends).toEqual(["more-without-offset", "offset-stuck", "page-repeated"]);
  });

  it("learns the server's page size from the walk and probes after a last page that long", async () => {
    const day = (date: string) => ({ date, timezone: "UTC", steps: 1 });
    const api = new FakeApi().on(
      "/v2/measure",
      "getactivity",
      envelope(0, { activities: [day("2024-01-01"), day("2024-01-02")], more: true, offset: 2 }),
      envelope(0, { activities: [day("2024-01-03"), day("2024-01-04")], more: false, offset: 2 }),
      envelope(0, { activities: [day("2024-01-05")], more: false, offset: 0 }),
    );
    const { user } = await userOf(api);
    const days = await user.collect("measure.getactivity", { lastupdate: 0 });
    expect(days).toHaveLength(5);
    expect(api.seen.map((r) => r.form.get("offset"))).toEqual([null, "2", "4"]);
  });

  it("probes once more after a full page that claims to be the last (the paging quirk)", async () => {
    const full = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      category: 1,
      startdate: i,
      enddate: i + 1,
      data: {},
    }));
    const api = new FakeApi().on(
      "/v2/measure",
      "getworkouts",
      envelope(0, { series: full, more: false, offset: 300 }),
      envelope(0, {
        series: [{ id: 301, category: 1, startdate: 1, enddate: 2, data: {} }],
        more: false,
        offset: 0,
      }),
    );
    const { user, events } = await userOf(api);
    const all = await user.collect("measure.getworkouts", { lastupdate: 0 });
    expect(all).toHaveLength(301);
    expect(api.seen[1]!.form.get("offset")).toBe("300");
    expect(events.filter((e) => e.type === "page-probe")).toHaveLength(1);
  });
});

describe("24 h windows", () => {
  it("splits intraday ranges into 24 h calls and stitches samples in order, once each", async () => {
    const day = 86_400;
    const start = 1_704_412_800;
    const api = new FakeApi().always("/v2/measure", "getintradayactivity", (req) => {
      const from = Number(req.form.get("startdate"));
      const to = Number(req.form.get("enddate"));
      expect(to - from).toBeLessThanOrEqual(day);
      // Samples on both seams, as an API with inclusive bounds returns them.
      return envelope(0, { series: { [from]: { steps: from }, [to]: { steps: to } } });
    });
    const { user } = await userOf(api);
    const body = await user.getIntradayActivity({ startdate: start, enddate: start + 3 * day });
    expect(api.count("getintradayactivity")).toBe(3);
    expect(Object.keys(body.series).map(Number)).toEqual([
      start,
      start + day,
      start + 2 * day,
      start + 3 * day,
    ]);
  });

  it("stitches sleep detail segments and keeps a seam-crossing segment once per device", async () => {
    const start = 1_704_412_800;
    const seam = {
      startdate: start + 86_000,
      enddate: start + 87_000,
      state: 1,
      model_id: 93,
      hash_deviceid: "watch",
      hr: { [start + 86_000]: 55 },
    };
    // A mat recorded the same night: its segment has the same bounds and state.
    const mat = { ...seam, model_id: 63, hash_deviceid: "mat", hr: { [start + 86_000]: 57 } };
    const api = new FakeApi().on(
      "/v2/sleep",
      "get",
      envelope(0, {
        series: [{ startdate: start + 100, enddate: start + 200, state: 2 }, seam, mat],
        model: 32,
      }),
      envelope(0, {
        series: [mat, seam, { startdate: start + 90_000, enddate: start + 90_600, state: 0 }],
        model: 32,
      }),
    );
    const { user } = await userOf(api);
    const body = await user.getSleep({ startdate: start, enddate: start + 2 * 86_400 });
    expect(body.series.map((s) => [s.startdate, s.hash_deviceid ?? null])).toEqual([
      [start + 100, null],
      [start + 86_000, "watch"],
      [start + 86_000, "mat"],
      [start + 90_000, null],
    ]);
    expect(body.model).toBe(32);
  });
});
