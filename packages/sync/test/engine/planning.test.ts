import {
  WithingsAuthError,
  WithingsHttpError,
  WithingsInvalidParamsError,
  WithingsResponseError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import {
  classifyError,
  hasIntradayData,
  isReconcileDue,
  localDayWindow,
  minimumRequests,
  planDetails,
  RequestMeter,
  reconcileWindow,
  StoreError,
  walkStart,
} from "@withings-kit/sync";
import { describe, expect, it } from "vitest";
import { advanceCursor } from "../../src/engine/advance-cursor.js";
import { PagingEndedEarlyError } from "../../src/engine/paging-ended-early-error.js";
import { runPool } from "../../src/engine/run-pool.js";
import { toSyncErrorInfo } from "../../src/engine/to-sync-error-info.js";

describe("cursor and overlap", () => {
  it("starts a backfill at 0, an incremental walk an overlap below the cursor", () => {
    expect(walkStart(null, 3600)).toBe(0);
    expect(walkStart(undefined, 3600)).toBe(0);
    expect(walkStart(1_700_000_000, 3600)).toBe(1_699_996_400);
    expect(walkStart(1_000, 3600)).toBe(0);
    expect(walkStart(1_700_000_000, 0)).toBe(1_700_000_000);
  });

  it("re-reads from `since` when asked, whatever the cursor", () => {
    expect(walkStart(1_700_000_000, 3600, 1_600_000_000)).toBe(1_600_000_000);
    expect(walkStart(null, 3600, 1_600_000_000.7)).toBe(1_600_000_000);
  });

  it("only moves a cursor forward", () => {
    expect(advanceCursor(null, null)).toBeNull();
    expect(advanceCursor(null, 5)).toBe(5);
    expect(advanceCursor(5, null)).toBe(5);
    expect(advanceCursor(5, 3)).toBe(5);
    expect(advanceCursor(5, 9)).toBe(9);
  });
});

describe("which days get intraday", () => {
  const day = { steps: 0, brand: 1, is_tracker: true } as const;
  it("asks for days with steps from a Withings source only", () => {
    expect(hasIntradayData({ ...day, steps: 8123 })).toBe(true);
    expect(hasIntradayData({ ...day, steps: 12, is_tracker: false })).toBe(true);
    expect(hasIntradayData({ ...day, steps: 0 })).toBe(false);
    expect(hasIntradayData({ ...day, steps: null })).toBe(false);
    expect(hasIntradayData({ steps: 4225, brand: 18, is_tracker: false })).toBe(false);
  });

  it("uses the local day of the record's zone, DST days included", () => {
    expect(localDayWindow("2024-01-05", "UTC")).toEqual({
      start: 1_704_412_800,
      end: 1_704_499_200,
    });
    const spring = localDayWindow("2024-03-31", "Europe/Paris");
    expect(spring).toEqual({ start: 1_711_839_600, end: 1_711_922_400 });
    expect(spring.end - spring.start).toBe(23 * 3600);
    const autumn = localDayWindow("2024-10-27", "Europe/Paris");
    expect(autumn.end - autumn.start).toBe(25 * 3600);
    const la = localDayWindow("2024-06-10", "America/Los_Angeles");
    expect(la.start).toBe(Date.UTC(2024, 5, 10, 7) / 1000);
    expect(() => localDayWindow("2024-6-1", "UTC")).toThrow(RangeError);
  });
});

describe("planDetails", () => {
  const p = (key: string, modified: number | null, wanted = true) => ({
    key,
    modified,
    wanted,
    item: key,
  });

  it("fetches every parent that wants detail on the first run, oldest change first", () => {
    const plan = planDetails([p("b", 20), p("a", 10), p("c", 30, false), p("d", null)], null, 5);
    expect(plan.fetch.map((c) => c.key)).toEqual(["d", "a", "b"]);
    expect(plan.fetch.every((c) => !c.recheck)).toBe(true);
    expect(plan.clear.map((c) => c.key)).toEqual(["c"]);
    expect(plan.fetch.map((c) => c.watermark)).toEqual([null, 10, 20]);
  });

  it("fetches only what changed since the watermark, and rechecks the overlap below it", () => {
    const plan = planDetails(
      [p("old", 50), p("near", 97), p("at", 100), p("new", 130), p("gone", 140, false)],
      100,
      5,
    );
    expect(plan.fetch.map((c) => [c.key, c.recheck])).toEqual([
      ["near", true],
      ["at", true],
      ["new", false],
    ]);
    // Rechecks never pull the watermark down.
    expect(plan.fetch.map((c) => c.watermark)).toEqual([100, 100, 130]);
    expect(plan.clear.map((c) => c.key)).toEqual(["gone"]);
  });

  it("never commits a watermark that would skip a parent stamped the same second", () => {
    const plan = planDetails([p("x", 200), p("y", 200), p("z", 300)], 100, 0);
    expect(plan.fetch.map((c) => [c.key, c.watermark])).toEqual([
      ["x", 199],
      ["y", 200],
      ["z", 300],
    ]);
  });

  it("plans nothing when nothing changed", () => {
    const plan = planDetails([p("a", 10), p("b", 20)], 20, 0);
    expect(plan.fetch).toEqual([]);
    expect(plan.clear).toEqual([]);
  });
});

describe("reconcile schedule and window", () => {
  it("is due when never run or older than the period", () => {
    expect(isReconcileDue(undefined, 1000, 24)).toBe(true);
    expect(isReconcileDue({ cursor: 1, lastSyncAt: 1, lastReconcileAt: null }, 1000, 24)).toBe(
      true,
    );
    const state = { cursor: 1, lastSyncAt: 1, lastReconcileAt: 100_000 };
    expect(isReconcileDue(state, 100_000 + 86_399, 24)).toBe(false);
    expect(isReconcileDue(state, 100_000 + 86_400, 24)).toBe(true);
    expect(isReconcileDue(state, 100_000, 0)).toBe(true);
  });

  it("re-reads days a little wider than the instants it compares", () => {
    expect(reconcileWindow(1_704_412_800, 30)).toEqual({
      from: 1_701_820_800,
      to: 1_704_412_800,
      readFrom: 1_701_734_400,
      readTo: 1_704_499_200,
      startYmd: "2023-12-04",
      endYmd: "2024-01-06",
    });
    // A confirming re-read asks a day more on each side: not the identical request.
    expect(reconcileWindow(1_704_412_800, 30, 1)).toMatchObject({
      from: 1_701_820_800,
      readFrom: 1_701_648_000,
      startYmd: "2023-12-03",
      endYmd: "2024-01-07",
    });
    expect(() => reconcileWindow(0, 0)).toThrow(RangeError);
  });
});

describe("minimum request count", () => {
  it("is the pages of each list, one per day, night and signal, plus devices and goals", () => {
    const v = {
      measures: 15_800,
      objectives: 12,
      activity: 1826,
      workouts: 750,
      sleep_summaries: 1660,
      ecg: 185,
      intradayDays: 1700,
      sleepNights: 1660,
      ecgSignals: 185,
    };
    const { total, byDataset } = minimumRequests(v);
    expect(byDataset).toEqual({
      measures: 4,
      objectives: 1,
      activity: 10,
      workouts: 3,
      sleep_summaries: 6,
      ecg: 1,
      intraday: 1700,
      sleep: 1660,
      ecg_signal: 185,
      devices: 1,
      goals: 1,
    });
    expect(total).toBe(3572);
  });

  it("counts one request for an empty list, and honours other page sizes", () => {
    const empty = {
      measures: 0,
      objectives: 0,
      activity: 0,
      workouts: 0,
      sleep_summaries: 0,
      ecg: 0,
      intradayDays: 0,
      sleepNights: 0,
      ecgSignals: 0,
    };
    expect(minimumRequests(empty).total).toBe(8);
    expect(
      minimumRequests({ ...empty, activity: 101 }, { "measure.getactivity": 50 }).byDataset[
        "activity"
      ],
    ).toBe(3);
  });
});

describe("errors", () => {
  const auth = (action: string | undefined, needsReauthorization: boolean) =>
    new WithingsAuthError({
      status: 401,
      family: "auth",
      ...(action ? { action } : {}),
      needsReauthorization,
    });

  it("retries what may pass, stops a user only for a dead grant", () => {
    expect(classifyError(new WithingsTimeoutError(1000))).toBe("retry");
    expect(classifyError(new WithingsHttpError(502, {}))).toBe("retry");
    expect(classifyError(auth("measure.getmeas", true))).toBe("retry");
    expect(classifyError(auth("oauth2.requesttoken", true))).toBe("user");
    expect(classifyError(auth(undefined, true))).toBe("user");
    expect(
      classifyError(new WithingsInvalidParamsError({ status: 503, family: "invalid-params" })),
    ).toBe("dataset");
    expect(classifyError(new StoreError("STORE_IO", "disk full"))).toBe("dataset");
    expect(classifyError(new Error("bug"))).toBe("dataset");
  });

  it("fails the dataset, without a retry, on a list whose paging broke off", () => {
    const error = new PagingEndedEarlyError("measure.getmeas", "more-without-offset");
    // A bad answer otherwise is worth another round.
    expect(classifyError(new WithingsResponseError("truncated", "$", "cut"))).toBe("retry");
    expect(classifyError(error)).toBe("dataset");
    expect(error).toBeInstanceOf(WithingsResponseError);
    expect(toSyncErrorInfo(error)).toEqual({
      code: "WITHINGS_BAD_RESPONSE",
      message: "measure.getmeas: shape at $.body.offset: paging ended early: more-without-offset",
    });
  });

  it("keeps secrets out of report errors", () => {
    const info = toSyncErrorInfo(
      new Error("failed with Bearer abcdef0123456789 and refresh_token=zzzzzz9999"),
    );
    expect(info.code).toBe("SYNC_FAILED");
    expect(info.message).not.toContain("abcdef0123456789");
    expect(info.message).not.toContain("zzzzzz9999");
    expect(toSyncErrorInfo(auth("oauth2.requesttoken", true))).toMatchObject({
      code: "WITHINGS_AUTH",
      needsReauthorization: true,
    });
  });
});

describe("runPool and RequestMeter", () => {
  it("keeps at most `concurrency` tasks running and returns results in order", async () => {
    let running = 0;
    let peak = 0;
    const out = await runPool([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("counts requests per user, retries and rate limits", () => {
    const meter = new RequestMeter();
    meter.onEvent({ type: "request", action: "measure.getmeas", userId: "1", attempt: 1 });
    meter.onEvent({
      type: "retry",
      action: "measure.getmeas",
      userId: "1",
      attempt: 1,
      delayMs: 10,
      reason: "WITHINGS_RATE_LIMIT",
    });
    meter.onEvent({ type: "request", action: "measure.getmeas", userId: "1", attempt: 2 });
    meter.onEvent({
      type: "request",
      action: "oauth2.requesttoken",
      userId: undefined,
      attempt: 1,
    });
    expect(meter.requests("1")).toBe(2);
    expect(meter.requests("2")).toBe(0);
    expect([meter.total, meter.app, meter.retries, meter.rateLimited]).toEqual([3, 1, 1, 1]);
  });
});

describe("createSyncEngine options", () => {
  it("refuses what it does not know, and invalid values", async () => {
    const { createSyncEngine, openSqliteStore } = await import("@withings-kit/sync");
    const { createWithingsClient } = await import("@withings-kit/client");
    const client = createWithingsClient({ clientId: "x", clientSecret: "y" });
    const store = openSqliteStore(":memory:");
    const bad = (o: object) => () => createSyncEngine({ client, store, ...o });
    expect(bad({ overlap: 10 })).toThrow(/unknown option "overlap"/);
    expect(bad({ concurrency: 0 })).toThrow(TypeError);
    expect(bad({ overlapSeconds: -1 })).toThrow(TypeError);
    expect(bad({ reconcileDays: 0 })).toThrow(TypeError);
    expect(bad({ datasets: ["steps"] })).toThrow(/unknown dataset/);
    const engine = createSyncEngine({ client, store });
    await expect(engine.run({ since: -5 })).rejects.toThrow(TypeError);
    await expect(engine.run({ user: ["1"] } as object)).rejects.toThrow(/unknown option "user"/);
    const empty = await engine.run({ users: [] });
    expect(empty).toMatchObject({ ok: true, users: [], totals: { users: 0, requests: 0 } });
    await store.close();
  });
});
