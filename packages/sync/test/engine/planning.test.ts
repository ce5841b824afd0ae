import {
  toRows,
  WithingsArgumentError,
  WithingsAuthError,
  WithingsHttpError,
  WithingsInvalidParamsError,
  WithingsPagingError,
  WithingsResponseError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import { RequestMeter, StoreError, SyncBusyError } from "@withings-kit/sync";
import {
  classifyError,
  isReconcileDue,
  localDayWindow,
  minimumRequests,
  readWindow,
  SWEEP_FLOOR,
  sweepStep,
  tileAt,
  tilesOver,
  walkStart,
} from "@withings-kit/sync/testing";
import { describe, expect, it } from "vitest";
import { advanceCursor } from "../../src/engine/advance-cursor.js";
import { detailMarks } from "../../src/engine/detail-marks.js";
import { fingerprint } from "../../src/engine/fingerprint.js";
import { runPool } from "../../src/engine/run-pool.js";
import { toSyncErrorInfo } from "../../src/engine/to-sync-error-info.js";

// The error `run` throws, which must be a WithingsArgumentError.
function argumentError(run: () => unknown): WithingsArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WithingsArgumentError);
    return error as WithingsArgumentError;
  }
  throw new Error("expected a WithingsArgumentError");
}

describe("cursor and overlap", () => {
  it("starts a backfill at 0, an incremental walk an overlap below the cursor", () => {
    expect(walkStart(null, 3600)).toBe(0);
    expect(walkStart(undefined, 3600)).toBe(0);
    expect(walkStart(1_700_000_000, 3600)).toBe(1_699_996_400);
    expect(walkStart(1_000, 3600)).toBe(0);
    expect(walkStart(1_700_000_000, 0)).toBe(1_700_000_000);
  });

  it("re-reads from an earlier `since` when asked, never skips past the cursor for a later one", () => {
    expect(walkStart(1_700_000_000, 3600, 1_600_000_000)).toBe(1_600_000_000);
    expect(walkStart(null, 3600, 1_600_000_000.7)).toBe(1_600_000_000);
    // A `since` after the cursor would skip what changed in between, for good.
    expect(walkStart(1_700_000_000, 3600, 1_750_000_000)).toBe(1_699_996_400);
  });

  it("only moves a cursor forward", () => {
    expect(advanceCursor(null, null)).toBeNull();
    expect(advanceCursor(null, 5)).toBe(5);
    expect(advanceCursor(5, null)).toBe(5);
    expect(advanceCursor(5, 3)).toBe(5);
    expect(advanceCursor(5, 9)).toBe(9);
  });
});

describe("intraday windows", () => {
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
    expect(argumentError(() => localDayWindow("2024-6-1", "UTC")).code).toBe(
      "ERR_INVALID_ARG_VALUE",
    );
  });

  it("tiles time with the local days of one zone: no gap, no overlap, across DST", () => {
    const zone = "Europe/Paris";
    let tile = tileAt(Date.UTC(2024, 2, 25) / 1000, zone);
    const lengths: number[] = [];
    for (let i = 0; i < 240; i++) {
      const next = tileAt(tile.end, zone);
      expect(next.start).toBe(tile.end);
      lengths.push((tile.end - tile.start) / 3600);
      tile = next;
    }
    expect(lengths).toContain(23);
    expect(lengths).toContain(25);
    // Any instant lies in the tile that tileAt gives for it.
    for (const t of [1_711_839_599, 1_711_839_600, 1_729_990_800, 1_729_994_400]) {
      const around = tileAt(t, zone);
      expect(t >= around.start && t < around.end).toBe(true);
    }
  });

  it("tiles zones whose clocks jump at midnight, where a local day starts at 01:00", () => {
    for (const [zone, from] of [
      ["Atlantic/Azores", Date.UTC(2026, 2, 20)],
      ["America/Santiago", Date.UTC(2026, 7, 30)],
      ["America/Havana", Date.UTC(2026, 2, 1)],
      ["America/Sao_Paulo", Date.UTC(2018, 10, 1)],
    ] as const) {
      let tile = tileAt(from / 1000, zone);
      for (let i = 0; i < 30; i++) {
        const next = tileAt(tile.end, zone);
        expect(next.start, `${zone} after ${tile.end}`).toBe(tile.end);
        tile = next;
      }
      for (let t = from / 1000; t < tile.end; t += 1800) {
        const around = tileAt(t, zone);
        expect(t >= around.start && t < around.end, `${zone} at ${t}`).toBe(true);
      }
    }
  });

  it("maps a day recorded in another zone onto the tiles it meets (travel)", () => {
    // A Tokyo day, seen in Paris tiles: the end of one Paris day and the start of the next.
    const tokyo = localDayWindow("2024-01-05", "Asia/Tokyo");
    const tiles = tilesOver(tokyo, "Europe/Paris");
    expect(tiles).toEqual([
      localDayWindow("2024-01-04", "Europe/Paris"),
      localDayWindow("2024-01-05", "Europe/Paris"),
    ]);
    expect(tilesOver(localDayWindow("2024-01-05", "Europe/Paris"), "Europe/Paris")).toHaveLength(1);
  });

  it("marks the tiles of a changed activity day, a night's window and a recording's signal", () => {
    const context = {
      tilingZone: "Europe/Paris",
      userZone: "Europe/Paris",
      settleSeconds: 6 * 3600,
    };
    const [day] = toRows("activity", {
      activities: [
        {
          date: "2024-01-05",
          timezone: "America/New_York",
          steps: 0,
          brand: 1,
          modelid: 93,
          modified: 1_704_500_000,
        },
      ],
    });
    const marks = detailMarks("activity", day === undefined ? [] : [day], context);
    // A New York day meets two Paris days, and a watch that counted the date on Tokyo's
    // clock starts in the Paris day before; zero steps still marks them (samples may exist).
    expect(marks.map((m) => m.unit.key)).toEqual([
      String(localDayWindow("2024-01-04", "Europe/Paris").start),
      String(localDayWindow("2024-01-05", "Europe/Paris").start),
      String(localDayWindow("2024-01-06", "Europe/Paris").start),
    ]);
    expect(marks.every((m) => m.record === "2024-01-05|1:93:" && m.unit.dirty)).toBe(true);
    const first = marks[0]?.unit;
    expect(first?.settleAt).toBe(Math.max(first?.end ?? 0, 1_704_500_000) + 6 * 3600);

    const nights = toRows("sleep_summaries", {
      series: [
        {
          id: 7,
          startdate: 1_704_409_000,
          enddate: 1_704_440_000,
          date: "2024-01-05",
          timezone: "UTC",
          modified: 1_704_441_000,
          data: {},
        },
      ],
    });
    expect(detailMarks("sleep_summaries", nights, context)[0]).toMatchObject({
      record: "7",
      unit: { dataset: "sleep", key: "7", start: 1_704_409_000, end: 1_704_440_001 },
    });
    const recordings = toRows("ecg", {
      series: [
        { ecg: { signalid: 99, afib: 0 }, timestamp: 1_704_409_000, modified: 1_704_409_100 },
      ],
    });
    expect(detailMarks("ecg", recordings, context)[0]).toMatchObject({
      record: "99",
      unit: { dataset: "ecg_signal", key: "99", settleAt: 1_704_409_100 + 6 * 3600 },
    });
    expect(detailMarks("workouts", [], context)).toEqual([]);
  });

  it("marks a day's tiles in its old zone too when only its zone was edited", () => {
    const context = { tilingZone: "Europe/Paris", userZone: "Europe/Paris", settleSeconds: 0 };
    const tracker = { date: "2024-01-05", steps: 0, brand: 1, modelid: 93, modified: 1 };
    const [tokyo] = toRows("activity", { activities: [{ ...tracker, timezone: "Asia/Tokyo" }] });
    const [york] = toRows("activity", {
      activities: [{ ...tracker, timezone: "America/New_York", modified: 2 }],
    });
    const previous = new Map([["2024-01-05|1:93:", tokyo!]]);
    const keys = detailMarks("activity", [york!], context, previous).map((m) => m.unit.key);
    // Tokyo's 5th begins on Paris's 4th; New York's runs into Paris's 6th.
    expect(keys.sort()).toEqual(
      ["2024-01-04", "2024-01-05", "2024-01-06"].map((d) =>
        String(localDayWindow(d, "Europe/Paris").start),
      ),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("fingerprints", () => {
  it("are equal for equal records and differ for any change", () => {
    const a = { grpid: 1, modified: 2, measures: [{ value: 72150, type: 1, unit: -3 }] };
    expect(fingerprint(a)).toBe(fingerprint(structuredClone(a)));
    expect(fingerprint({ ...a, modified: 3 })).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, measures: [] })).not.toBe(fingerprint(a));
  });
});

describe("history sweep", () => {
  const day = 86_400;
  const start = Date.UTC(2026, 0, 1) / 1000;

  it("starts a pass, then re-reads history oldest first in a few steps over half the bound", () => {
    const first = sweepStep(undefined, start, 7);
    expect(first.read).toBeUndefined();
    expect(first.next).toEqual({ passStart: start, through: SWEEP_FLOOR });
    // Hourly runs: nothing until a quarter of the pass is due, then steps of about a quarter.
    const steps: { from: number; to: number }[] = [];
    let state: unknown = first.next;
    for (let hour = 1; hour <= 84; hour++) {
      const step = sweepStep(state, start + hour * 3600, 7);
      if (step.read) steps.push(step.read);
      state = step.next;
    }
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[0]?.from).toBe(SWEEP_FLOOR);
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.from).toBe(steps[i - 1]?.to);
    // The pass is done by half of sweepDays: every instant before its start was re-read.
    expect(steps[steps.length - 1]?.to).toBe(start);
    // The next run begins the next pass.
    const next = sweepStep(state, start + 85 * 3600, 7);
    expect(next.next).toEqual({ passStart: start + 85 * 3600, through: SWEEP_FLOOR });
  });

  it("re-reads any instant within sweepDays of any moment, with daily runs", () => {
    // For every day d, the instant just behind the pass position at d is re-read again
    // before d + 7.
    let state: unknown;
    const reads: { at: number; from: number; to: number }[] = [];
    for (let d = 0; d < 40; d++) {
      const now = start + d * day;
      const step = sweepStep(state, now, 7);
      if (step.read) reads.push({ at: now, ...step.read });
      state = step.next;
    }
    for (const probe of [SWEEP_FLOOR + 5, start - 400 * day, start - day]) {
      for (let d = 5; d < 30; d++) {
        const changedAt = start + d * day;
        const next = reads.find((r) => r.at > changedAt && probe >= r.from && probe < r.to);
        expect(next, `instant ${probe} changed on day ${d}`).toBeDefined();
        expect((next?.at ?? 0) - changedAt).toBeLessThanOrEqual(7 * day);
      }
    }
  });

  it("treats a state it cannot read as no state", () => {
    expect(sweepStep({ passStart: "x" }, start, 7).next).toEqual({
      passStart: start,
      through: SWEEP_FLOOR,
    });
  });
});

describe("reconcile schedule and window", () => {
  it("is due when never run or older than the period", () => {
    expect(isReconcileDue(undefined, 1000, 24)).toBe(true);
    expect(isReconcileDue({ lastReconcileAt: null }, 1000, 24)).toBe(true);
    const state = { lastReconcileAt: 100_000 };
    expect(isReconcileDue(state, 100_000 + 86_399, 24)).toBe(false);
    expect(isReconcileDue(state, 100_000 + 86_400, 24)).toBe(true);
    expect(isReconcileDue(state, 100_000, 0)).toBe(true);
  });

  it("re-reads days a little wider than the instants it compares", () => {
    expect(readWindow(1_701_820_800, 1_704_412_800)).toEqual({
      from: 1_701_820_800,
      to: 1_704_412_800,
      readFrom: 1_701_734_400,
      readTo: 1_704_499_200,
      startYmd: "2023-12-04",
      endYmd: "2024-01-06",
    });
    // A confirming re-read asks a day more on each side: not the identical request.
    expect(readWindow(1_701_820_800, 1_704_412_800, 1)).toMatchObject({
      from: 1_701_820_800,
      readFrom: 1_701_648_000,
      startYmd: "2023-12-03",
      endYmd: "2024-01-07",
    });
    expect(argumentError(() => readWindow(5, 5)).code).toBe("ERR_INVALID_ARG_VALUE");
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

  it("fails the dataset, without a retry, on a list whose paging broke off or kept changing", () => {
    const error = new WithingsPagingError("more-without-offset", { action: "measure.getmeas" });
    // A bad answer otherwise is worth another round.
    expect(classifyError(new WithingsResponseError("truncated", "$", "cut"))).toBe("retry");
    expect(classifyError(error)).toBe("dataset");
    expect(classifyError(new WithingsPagingError("unstable"))).toBe("dataset");
    expect(toSyncErrorInfo(error)).toEqual({
      code: "WITHINGS_PAGING",
      message: "measure.getmeas: paging ended early: a page said there is more but gave no offset",
    });
  });

  it("stops only this user when another run holds it, and says who and since when", () => {
    const busy = new SyncBusyError("42", "lab-pc:4242:c0ffee", 1_767_225_600);
    expect(classifyError(busy)).toBe("user");
    const info = toSyncErrorInfo(busy);
    expect(info.code).toBe("SYNC_BUSY");
    expect(info.message).toContain("process 4242 on lab-pc");
    expect(info.message).toContain("2026-01-01T00:00:00.000Z");
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
    const { createSyncEngine } = await import("@withings-kit/sync");
    const { openSqliteStore } = await import("@withings-kit/sync/sqlite");
    const { createWithingsClient } = await import("@withings-kit/client");
    const client = createWithingsClient({ clientId: "x", clientSecret: "y" });
    const store = openSqliteStore(":memory:");
    const bad = (o: object) => () => createSyncEngine({ client, store, ...o });
    expect(bad({ overlap: 10 })).toThrow(/unknown option "overlap"/);
    expect(argumentError(bad({ overlap: 10 })).code).toBe("ERR_INVALID_ARG_VALUE");
    for (const o of [
      { concurrency: 0 },
      { overlapSeconds: -1 },
      { reconcileDays: 0 },
      { sweepDays: -1 },
      { leaseSeconds: 0 },
    ]) {
      expect(argumentError(bad(o)).code).toBe("ERR_INVALID_ARG_VALUE");
    }
    expect(bad({ datasets: ["steps"] })).toThrow(/unknown dataset/);
    expect(argumentError(bad({ datasets: ["steps"] })).code).toBe("ERR_INVALID_ARG_VALUE");
    expect(argumentError(bad({ datasets: "measures" })).code).toBe("ERR_INVALID_ARG_TYPE");
    expect(argumentError(bad({ store: {} })).code).toBe("ERR_INVALID_ARG_TYPE");
    expect(argumentError(bad({ store: undefined })).code).toBe("ERR_MISSING_ARGS");
    expect(argumentError(bad({ client: undefined })).code).toBe("ERR_MISSING_ARGS");
    expect(argumentError(() => createSyncEngine(null as never)).code).toBe("ERR_INVALID_ARG_TYPE");
    const engine = createSyncEngine({ client, store });
    await expect(engine.run({ since: -5 })).rejects.toThrow(WithingsArgumentError);
    await expect(engine.run({ since: -5 })).rejects.toMatchObject({
      code: "ERR_INVALID_ARG_VALUE",
    });
    await expect(engine.run({ user: ["1"] } as object)).rejects.toThrow(/unknown option "user"/);
    await expect(engine.run({ users: [""] })).rejects.toMatchObject({
      name: "WithingsArgumentError",
      code: "ERR_INVALID_ARG_VALUE",
    });
    const empty = await engine.run({ users: [] });
    expect(empty).toMatchObject({ ok: true, users: [], totals: { users: 0, requests: 0 } });
    await store.close();
  });
});
