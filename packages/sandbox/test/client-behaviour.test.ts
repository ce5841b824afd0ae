// The client's behaviour, end to end against the sandbox in-process: the same promises the
// client's unit tests check at the fetch seam, here against a cloud that rotates tokens,
// counts the rate limit, pages, cuts windows and injects faults like the real one.
import {
  createWithingsClient,
  type MeasureGroup,
  WithingsAuthError,
  type WithingsClient,
  WithingsInvalidParamsError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/types/sandbox.js";
import type { SandboxOptions } from "../src/types/sandbox-options.js";
import { CLIENT_ID, CLIENT_SECRET, post, REDIRECT, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

function setup(options: SandboxOptions = {}, client: { timeoutMs?: number } = {}) {
  sandbox = testSandbox(options);
  const withings = createWithingsClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT,
    cloud: "http://sandbox.test",
    fetch: sandbox.fetch,
    clock: sandbox.clock,
    // Deterministic jitter keeps runs reproducible with the seeded faults.
    random: () => 0.5,
    ...client,
  });
  return withings;
}

async function login(
  withings: WithingsClient,
  profile: "vitals-study" | "scale-only" = "vitals-study",
) {
  const tokens = await withings.saveTokens(sandbox.createUser({ profile, years: 1 }));
  return withings.user(tokens.userId);
}

const countOf = (userid: string, dataset: string) =>
  sandbox.users().find((u) => u.userid === userid)?.counts[dataset];

describe("OAuth against the sandbox", () => {
  it("a code works once: a replayed exchange is refused as invalid params", async () => {
    const withings = setup();
    const userid = sandbox.createUser({ profile: "scale-only", years: 1 }).userid;
    const { url, state } = withings.authorizeUrl();
    const consent = await sandbox.fetch(`${url}&sandbox_user=${userid}&sandbox_approve=1`);
    const redirect = consent.headers.get("location") ?? "";
    await withings.exchangeRedirect(state, redirect);
    sandbox.clock.advance(11); // past the 10 s duplicate guard, so the code itself is judged
    await expect(withings.exchangeRedirect(state, redirect)).rejects.toBeInstanceOf(
      WithingsInvalidParamsError,
    );
  });

  it("rotates the refresh token once for 100 concurrent calls, and the old one dies on use", async () => {
    const withings = setup();
    const user = await login(withings, "scale-only");
    const before = await withings.tokenStore.get(user.userId);
    sandbox.clock.advance(3 * 3600 + 1);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => user.getMeas({ meastype: 1, offset: i })),
    );
    expect(sandbox.stats().refreshes).toBe(1);
    expect(sandbox.stats().tooManyRequests.total).toBe(0);
    // Identical reads in flight share one request instead of tripping the 10 s guard.
    await Promise.all(Array.from({ length: 20 }, () => user.getGoals()));
    expect(sandbox.stats().requests.byAction["/v2/user/getgoals"]).toBe(1);
    // The new access token has been used, so the old refresh token is dead (reference §5).
    sandbox.clock.advance(11);
    const replay = await post(sandbox, "/v2/oauth2", {
      action: "requesttoken",
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: before?.refreshToken ?? "",
    });
    expect(replay.status).toBe(503);
  });

  it("a revoked user needs a new consent, reported as such", async () => {
    const withings = setup();
    const user = await login(withings, "scale-only");
    const tokens = await withings.tokenStore.get(user.userId);
    await withings.revoke(user.userId);
    await withings.saveTokens({
      userid: user.userId,
      access_token: tokens?.accessToken ?? "",
      refresh_token: tokens?.refreshToken ?? "",
    });
    const error = await user.getDevice().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithingsAuthError);
    expect((error as WithingsAuthError).needsReauthorization).toBe(true);
  });

  it("demo access through the signed getdemoaccess call gives a working session", async () => {
    const withings = setup();
    const demo = await withings.getDemoAccess(["user.metrics", "user.info"]);
    const body = await withings.user(demo.userId).getDevice();
    expect(body.devices.length).toBeGreaterThan(0);
  });
});

describe("data against the sandbox", () => {
  it("pages every list to exactly the sandbox's records", async () => {
    const withings = setup({
      pageSizes: {
        "measure.getmeas": 500,
        "measure.getactivity": 50,
        "measure.getworkouts": 40,
        "sleep.getsummary": 60,
        "heart.list": 10,
      },
    });
    const user = await login(withings);
    const groups = await user.collect("measure.getmeas", {});
    expect(new Set(groups.map((g) => g.grpid)).size).toBe(countOf(user.userId, "measures"));
    const days = await user.collect("measure.getactivity", { lastupdate: 0 });
    expect(days).toHaveLength(countOf(user.userId, "activity") ?? -1);
    const workouts = await user.collect("measure.getworkouts", { lastupdate: 0 });
    expect(workouts).toHaveLength(countOf(user.userId, "workouts") ?? -1);
    const nights = await user.collect("sleep.getsummary", { lastupdate: 0 });
    expect(nights).toHaveLength(countOf(user.userId, "sleep") ?? -1);
    const ecgs = await user.collect("heart.list", {});
    expect(ecgs).toHaveLength(countOf(user.userId, "ecg") ?? -1);
    expect(sandbox.stats().tooManyRequests.total).toBe(0);
  });

  it("scales measures exactly and keeps groups that share a timestamp apart", async () => {
    const withings = setup();
    const user = await login(withings);
    const groups: MeasureGroup[] = await user.collect("measure.getmeas", { meastype: 71 });
    const temperature = groups[0]?.measures.find((m) => m.type === 71);
    expect(temperature?.unit).toBe(-3);
    const byDate = new Map<number, number>();
    for (const g of await user.collect("measure.getmeas", {}))
      byDate.set(g.date, (byDate.get(g.date) ?? 0) + 1);
    expect(Math.max(...byDate.values())).toBeGreaterThan(1);
  });

  it("stitches intraday over several days from 24 h windows, equal to day-by-day reads", async () => {
    const withings = setup();
    const user = await login(withings);
    const days = await user.collect("measure.getactivity", { lastupdate: 0 });
    const recent = days.filter((d) => (d.steps ?? 0) > 0).slice(-3);
    const start = Date.parse(`${recent[0]?.date}T00:00:00Z`) / 1000;
    const end = start + 3 * 86_400;
    const stitched = await user.getIntradayActivity({ startdate: start, enddate: end });
    const union = new Set<string>();
    for (let from = start; from < end; from += 86_400) {
      const day = await user.call("measure.getintradayactivity", {
        startdate: from,
        enddate: from + 86_400,
      });
      for (const t of Object.keys(day.series)) union.add(t);
    }
    const keys = Object.keys(stitched.series);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys)).toEqual(union);
    expect(keys.map(Number)).toEqual([...keys.map(Number)].sort((a, b) => a - b));
    // One call over the whole range would have been cut to the first 24 h by the API.
    const cut = await user.call("measure.getintradayactivity", { startdate: start, enddate: end });
    expect(Object.keys(cut.series).length).toBeLessThan(keys.length);
  });

  it("never draws a 601 from the app-wide limit, however many calls are made at once", async () => {
    const withings = setup({ rateLimit: { limit: 120, windowSeconds: 60 } });
    const user = await login(withings, "scale-only");
    const start = sandbox.clock.now();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => user.getMeas({ meastype: 1, offset: i })),
    );
    expect(sandbox.stats().tooManyRequests.total).toBe(0);
    // 300 calls under 120 a minute need at least two more windows.
    expect(sandbox.clock.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it("reports bad parameters as a typed error without retrying", async () => {
    const withings = setup();
    const user = await login(withings);
    await expect(user.getHeart({ signalid: 1 })).rejects.toBeInstanceOf(WithingsInvalidParamsError);
    const calls = Object.entries(sandbox.stats().requests.byAction).filter(([action]) =>
      action.includes("heart"),
    );
    expect(calls.map(([, n]) => n)).toEqual([1]);
  });
});

describe("faults against the sandbox", () => {
  it("ends with the same data through 5xx pages, truncated JSON, spurious 401/601, slow answers and the paging quirk", async () => {
    const clean = setup();
    const cleanUser = await login(clean);
    const expected = await cleanUser.collect("measure.getactivity", { lastupdate: 0 });
    sandbox.close();

    const faulty = setup({
      faults: {
        seed: 3,
        rates: {
          "http-500": 0.05,
          "http-502": 0.05,
          "truncated-json": 0.05,
          "spurious-401": 0.05,
          "spurious-601": 0.05,
          slow: 0.05,
          "paging-quirk": 1,
        },
      },
    });
    const user = await login(faulty);
    const got = await user.collect("measure.getactivity", { lastupdate: 0 });
    expect(got.map((d) => d.date)).toEqual(expected.map((d) => d.date));
    expect(sandbox.stats().faults["paging-quirk"]).toBeGreaterThan(0);
    expect(Object.values(sandbox.stats().faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  });

  it("gives up on a hanging answer with a timeout, and succeeds when the hang passes", async () => {
    const withings = setup({ faults: { seed: 1, rates: { hang: 1 } } }, { timeoutMs: 30 });
    const user = await login(withings, "scale-only");
    const error = await user.getGoals().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WithingsTimeoutError);
    sandbox.setFaults({ rates: {} });
    await expect(user.getGoals()).resolves.toHaveProperty("goals");
  });
});
