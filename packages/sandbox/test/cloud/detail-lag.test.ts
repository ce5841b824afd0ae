import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/types/sandbox.js";
import { post, testSandbox } from "../_helpers.js";

const LAG = 3600;
let sandbox: Sandbox;
afterEach(() => sandbox.close());

function lagged(profile: "empty" | "vitals-study" = "empty") {
  sandbox = testSandbox({
    rateLimit: false,
    duplicateWindowSeconds: 0,
    cloud: { detailLagSeconds: LAG, seed: 4 },
  });
  return sandbox.createUser({ profile, years: profile === "empty" ? 0 : 1 });
}

/**
 * Advances the clock a minute at a time until `visible()` holds, and answers how long after
 * `from` it first did (failing after twice the lag).
 */
async function secondsUntil(from: number, visible: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await visible()) return sandbox.clock.nowSeconds() - from;
    if (sandbox.clock.nowSeconds() - from > 2 * LAG) throw new Error("never became visible");
    sandbox.clock.advance(60);
  }
}

describe("detailLagSeconds: detail reaches the cloud after its parent (Q17)", () => {
  it("answers an ECG signal empty (status 0) until it arrives, within the lag", async () => {
    const { userid, access_token } = lagged();
    const at = sandbox.clock.nowSeconds();
    await sandbox.editData({
      userid,
      change: { op: "add", dataset: "ecg", record: { timestamp: at - 60, model: 93 } },
    });
    const list = await post(sandbox, "/v2/heart", { action: "list" }, access_token);
    const [recording] = list.body["series"] as { ecg: { signalid: number } }[];
    const get = () =>
      post(
        sandbox,
        "/v2/heart",
        { action: "get", signalid: String(recording!.ecg.signalid) },
        access_token,
      );
    const early = await get();
    expect(early.status).toBe(0);
    expect(early.body["signal"]).toEqual([]);
    expect(early.body["sampling_frequency"]).toBeTypeOf("number");
    expect(sandbox.stats().quirks.lateDetail).toBe(1);
    const after = await secondsUntil(
      at,
      async () => ((await get()).body["signal"] as unknown[]).length > 0,
    );
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(LAG + 60);
    sandbox.clock.advance(LAG);
    expect(((await get()).body["signal"] as unknown[]).length).toBeGreaterThan(1000);
  });

  it("leaves a new night's segments out of sleep get until they arrive", async () => {
    const { userid, access_token } = lagged();
    const at = sandbox.clock.nowSeconds();
    const night = { startdate: at - 8 * 3600, enddate: at - 3600 };
    await sandbox.editData({ userid, change: { op: "add", dataset: "sleep", record: night } });
    const form = {
      action: "get",
      startdate: String(night.startdate),
      enddate: String(night.enddate),
      data_fields: "hr",
    };
    const segments = async () =>
      (await post(sandbox, "/v2/sleep", form, access_token)).body["series"] as unknown[];
    expect(await segments()).toEqual([]);
    expect(sandbox.userData(userid).sleepSegments(night.startdate, night.enddate, at)).toEqual([]);
    expect(sandbox.stats().quirks.lateDetail).toBe(1);
    const after = await secondsUntil(at, async () => (await segments()).length > 0);
    expect(after).toBeLessThanOrEqual(LAG + 60);
    const truth = sandbox
      .userData(userid)
      .sleepSegments(night.startdate, night.enddate, sandbox.clock.nowSeconds());
    expect(truth.length).toBe((await segments()).length);
  });

  it("hides a day's intraday samples after its activity record changes, then shows the new ones", async () => {
    const { userid, access_token } = lagged("vitals-study");
    const now = sandbox.clock.nowSeconds();
    const data = sandbox.userData(userid);
    const day = data
      .snapshot(now)
      .activity.findLast(
        (a) => a.is_tracker === true && (a.steps ?? 0) > 0 && (a.modified ?? now) < now - LAG,
      )!;
    const { hints } = await sandbox.editData({
      userid,
      change: {
        op: "edit",
        dataset: "activity",
        id: `${day.date}|${day.brand}|${day.modelid}`,
        record: { steps: 9999 },
      },
    });
    const { startdate, enddate } = hints[0]!;
    const steps = async () => {
      const body = (
        await post(
          sandbox,
          "/v2/measure",
          {
            action: "getintradayactivity",
            startdate: String(startdate),
            enddate: String(enddate),
            data_fields: "steps",
          },
          access_token,
        )
      ).body;
      return Object.values(body["series"] as Record<string, { steps: number }>).reduce(
        (n, s) => n + s.steps,
        0,
      );
    };
    expect(await steps()).toBe(0);
    expect(sandbox.stats().quirks.lateDetail).toBe(1);
    const after = await secondsUntil(now, async () => (await steps()) > 0);
    expect(after).toBeLessThanOrEqual(LAG + 60);
    expect(await steps()).toBe(9999);
  });

  it("delays an explicit intraday sample from its own change", async () => {
    const { userid, access_token } = lagged();
    const at = sandbox.clock.nowSeconds();
    const time = at - 600;
    await sandbox.editData({
      userid,
      change: { op: "add", dataset: "intraday", record: { time, steps: 42 } },
    });
    const series = async () =>
      (
        await post(
          sandbox,
          "/v2/measure",
          {
            action: "getintradayactivity",
            startdate: String(time - 60),
            enddate: String(time + 60),
          },
          access_token,
        )
      ).body["series"];
    expect(await series()).toEqual([]);
    expect(sandbox.userData(userid).intradaySamples(time, time, at)).toEqual([]);
    const after = await secondsUntil(at, async () => !Array.isArray(await series()));
    expect(after).toBeLessThanOrEqual(LAG + 60);
    expect(await series()).toEqual({
      [time]: { deviceid: null, model: null, model_id: null, steps: 42 },
    });
  });

  it("shows detail at once when the lag is 0 (the default)", async () => {
    sandbox = testSandbox();
    const { userid, access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    const at = sandbox.clock.nowSeconds();
    await sandbox.editData({
      userid,
      change: { op: "add", dataset: "ecg", record: { timestamp: at } },
    });
    const [recording] = (await post(sandbox, "/v2/heart", { action: "list" }, access_token)).body[
      "series"
    ] as { ecg: { signalid: number } }[];
    const body = (
      await post(
        sandbox,
        "/v2/heart",
        { action: "get", signalid: String(recording!.ecg.signalid) },
        access_token,
      )
    ).body;
    expect((body["signal"] as unknown[]).length).toBeGreaterThan(0);
    expect(sandbox.stats().quirks.lateDetail).toBe(0);
  });
});
