import { describe, expect, it } from "vitest";
import {
  activityId,
  type DataChange,
  generateUser,
  parseDataChange,
  SandboxParamError,
  type SandboxUserData,
} from "../../src/data/index.js";
import { DAY, NOW, params, walk } from "./helpers.js";

const AT = NOW + 3600; // edits happen an hour after creation

function fresh(): SandboxUserData {
  return generateUser({ profile: "vitals-study", years: 1, seed: 51, userId: "editor", now: NOW });
}

function changedSince(
  user: SandboxUserData,
  key: "measure.getmeas" | "measure.getactivity" | "measure.getworkouts" | "sleep.getsummary",
  at = AT,
) {
  return walk(user, key, { lastupdate: at - 1 }, at).rows;
}

describe("apply(): data edits", () => {
  it("adds a manual measure group, visible by lastupdate and in the snapshot, notifying appli 1", () => {
    const user = fresh();
    const date = NOW - 2 * DAY;
    const hints = user.apply(
      {
        op: "add",
        dataset: "measures",
        record: { date, measures: [{ value: 72150, type: 1, unit: -3 }] },
      },
      AT,
    );
    expect(hints).toEqual([{ appli: 1, startdate: date, enddate: date }]);
    const [group] = changedSince(user, "measure.getmeas");
    expect(group).toMatchObject({
      attrib: 2,
      category: 1,
      date,
      created: AT,
      modified: AT,
      deviceid: null,
      model: null,
      comment: null,
    });
    expect(user.snapshot(AT).measures.some((g) => g.grpid === group!["grpid"])).toBe(true);
    // Not there before the change happened.
    expect(user.snapshot(NOW).measures.some((g) => g.grpid === group!["grpid"])).toBe(false);
  });

  it("edits a blood-pressure group: appli 4, modified bumped, date kept old", () => {
    const user = fresh();
    const bp = user.snapshot(NOW).measures.find((g) => g.measures.some((m) => m.type === 10))!;
    const hints = user.apply(
      { op: "edit", dataset: "measures", id: bp.grpid, record: { attrib: 1 } },
      AT,
    );
    expect(hints).toEqual([{ appli: 4, startdate: bp.date, enddate: bp.date }]);
    const rows = changedSince(user, "measure.getmeas");
    expect(rows.map((r) => r.grpid)).toEqual([bp.grpid]);
    expect(rows[0]).toMatchObject({ attrib: 1, date: bp.date, created: bp.created, modified: AT });
  });

  it("deletes a temperature group: it disappears without a tombstone, hint appli 2", () => {
    const user = fresh();
    const temp = user.snapshot(NOW).measures.find((g) => g.measures.some((m) => m.type === 71))!;
    expect(user.apply({ op: "delete", dataset: "measures", id: temp.grpid }, AT)).toEqual([
      { appli: 2, startdate: temp.date, enddate: temp.date },
    ]);
    expect(user.snapshot(AT).measures.some((g) => g.grpid === temp.grpid)).toBe(false);
    expect(changedSince(user, "measure.getmeas")).toEqual([]);
    const range = user.answer(
      "measure.getmeas",
      params({ startdate: temp.date, enddate: temp.date }),
      AT,
    ) as { measuregrps: { grpid: number }[] };
    expect(range.measuregrps.some((g) => g.grpid === temp.grpid)).toBe(false);
  });

  it("edits an activity day (appli 16) and its intraday samples follow the new total", () => {
    const user = fresh();
    const day = user
      .snapshot(NOW)
      .activity.findLast((a) => a.is_tracker === true && (a.steps ?? 0) > 0)!;
    const hints = user.apply(
      { op: "edit", dataset: "activity", id: day.date, record: { steps: 12_345 } },
      AT,
    );
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ appli: 16, date: day.date });
    const [row] = changedSince(user, "measure.getactivity");
    expect(row).toMatchObject({ date: day.date, steps: 12_345, modified: AT });
    const { startdate, enddate } = hints[0]!;
    const body = user.answer(
      "measure.getintradayactivity",
      params({ startdate, enddate, data_fields: "steps" }),
      AT,
    ) as {
      series: Record<string, { steps: number }>;
    };
    expect(Object.values(body.series).reduce((n, s) => n + s.steps, 0)).toBe(12_345);
    // Deleting the day removes its samples too.
    user.apply({ op: "delete", dataset: "activity", id: day.date }, AT);
    expect(user.answer("measure.getintradayactivity", params({ startdate, enddate }), AT)).toEqual({
      series: [],
    });
  });

  it("adds, edits and deletes workouts, sleep nights and ECG recordings with their applis", () => {
    const user = fresh();
    const start = NOW - DAY;
    const w = user.apply(
      {
        op: "add",
        dataset: "workouts",
        record: { startdate: start, enddate: start + 1800, category: 2 },
      },
      AT,
    );
    expect(w).toEqual([{ appli: 16, startdate: start, enddate: start + 1800 }]);
    const workout = changedSince(user, "measure.getworkouts")[0]!;
    expect(workout).toMatchObject({
      category: 2,
      attrib: 2,
      data: {},
      modified: AT,
      date: "2025-12-31",
    });

    const night = {
      startdate: NOW - 8 * 3600,
      enddate: NOW - 3600,
      data: { total_sleep_time: 21_600 },
    };
    const s = user.apply({ op: "add", dataset: "sleep", record: night }, AT);
    expect(s).toEqual([
      { appli: 44, startdate: night.startdate, enddate: night.enddate, date: "2026-01-01" },
    ]);
    const summary = walk(
      user,
      "sleep.getsummary",
      { lastupdate: AT - 1, data_fields: "total_sleep_time" },
      AT,
    ).rows[0]!;
    expect(summary).toMatchObject({ date: "2026-01-01", data: { total_sleep_time: 21_600 } });
    // Sleep detail exists for the new night, inside it.
    const detail = user.answer(
      "sleep.get",
      params({ startdate: night.startdate, enddate: night.enddate }),
      AT,
    ) as {
      series: { startdate: number; enddate: number }[];
    };
    expect(detail.series.length).toBeGreaterThan(0);
    expect(
      detail.series.every((x) => x.startdate >= night.startdate && x.enddate <= night.enddate),
    ).toBe(true);
    expect(
      user.apply({ op: "delete", dataset: "sleep", id: summary.id as number }, AT)[0]?.appli,
    ).toBe(44);

    const e = user.apply(
      {
        op: "add",
        dataset: "ecg",
        record: {
          timestamp: NOW - 600,
          model: 44,
          heart_rate: 61,
          bloodpressure: { diastole: 80, systole: 125 },
        },
      },
      AT,
    );
    expect(e).toEqual([{ appli: 54, startdate: NOW - 600, enddate: NOW - 600 }]);
    const list = user.answer(
      "heart.list",
      params({ startdate: NOW - 600, enddate: NOW - 600 }),
      AT,
    ) as { series: { ecg: { signalid: number } }[] };
    const signalid = list.series[0]!.ecg.signalid;
    const signal = user.answer("heart.get", params({ signalid }), AT) as {
      signal: number[];
      sampling_frequency: number;
    };
    expect(signal.signal).toHaveLength(20 * 500);
    user.apply({ op: "delete", dataset: "ecg", id: signalid }, AT);
    expect(() => user.answer("heart.get", params({ signalid }), AT)).toThrow(SandboxParamError);
  });

  it("changes devices and goals (no notification), and `goals: []` after deleting them", () => {
    const user = fresh();
    const device = {
      deviceid: "0123456789abcdef0123456789abcdef01234567",
      type: "Scale",
      model: "Body+",
      model_id: 5,
    };
    expect(user.apply({ op: "add", dataset: "devices", record: device }, AT)).toEqual([]);
    const devices = (
      user.answer("user.getdevice", params(), AT) as { devices: { deviceid: string }[] }
    ).devices;
    expect(devices.map((d) => d.deviceid)).toContain(device.deviceid);
    expect(user.apply({ op: "edit", dataset: "goals", record: { steps: 12_000 } }, AT)).toEqual([]);
    expect(
      (user.answer("user.getgoals", params(), AT) as { goals: { steps: number; sleep: number } })
        .goals,
    ).toMatchObject({ steps: 12_000 });
    user.apply({ op: "delete", dataset: "goals" }, AT);
    expect(user.answer("user.getgoals", params(), AT)).toEqual({ goals: [] });
  });

  it("rejects edits of unknown or not yet uploaded records, duplicate ids and bad fields", () => {
    const user = fresh();
    const reject = (change: DataChange) =>
      expect(() => user.apply(change, AT)).toThrow(SandboxParamError);
    reject({ op: "edit", dataset: "measures", id: 1, record: { attrib: 0 } });
    reject({ op: "delete", dataset: "activity", id: "1999-01-01" });
    const existing = user.snapshot(NOW).measures[0]!;
    reject({
      op: "add",
      dataset: "measures",
      record: { grpid: existing.grpid, date: NOW, measures: [{ value: 1, type: 1, unit: 0 }] },
    });
    reject({ op: "add", dataset: "measures", record: { date: "yesterday", measures: [] } });
    reject({ op: "add", dataset: "activity", record: { date: "2025-13-40" } });
    reject({ op: "edit", dataset: "measures", id: existing.grpid, record: { grpid: 5 } });
    const future = user.snapshot(NOW + 10 * DAY).measures.at(-1)!;
    expect(future.created).toBeGreaterThan(AT);
    reject({ op: "delete", dataset: "measures", id: future.grpid });
    // A zone that is not one is refused whole: the record stays as it was.
    const before = JSON.stringify(user.snapshot(AT));
    const day = user.snapshot(AT).activity.at(-1)!;
    reject({
      op: "edit",
      dataset: "activity",
      id: activityId(day),
      record: { timezone: "Mars/Base" },
    });
    reject({ op: "add", dataset: "activity", record: { date: "2025-06-01", timezone: "Nowhere" } });
    const night = user.snapshot(AT).sleep.at(-1)!;
    reject({ op: "edit", dataset: "sleep", id: night.id, record: { timezone: "Mars/Base" } });
    expect(JSON.stringify(user.snapshot(AT))).toBe(before);
  });

  it("parses untrusted JSON into a DataChange", () => {
    expect(parseDataChange({ op: "delete", dataset: "measures", id: "4000000123" })).toEqual({
      op: "delete",
      dataset: "measures",
      id: "4000000123",
    });
    expect(parseDataChange({ op: "delete", dataset: "goals" })).toEqual({
      op: "delete",
      dataset: "goals",
    });
    for (const bad of [
      null,
      [],
      { op: "add", dataset: "nope", record: {} },
      { op: "edit", dataset: "measures", record: {} },
      { op: "add", dataset: "measures" },
      { op: "zap", dataset: "measures", id: 1 },
    ]) {
      expect(() => parseDataChange(bad)).toThrow(SandboxParamError);
    }
  });

  it("reports synthetic data arriving as time moves on, but not its own edits", () => {
    const user = fresh();
    user.apply(
      {
        op: "add",
        dataset: "measures",
        record: { date: NOW, measures: [{ value: 1, type: 1, unit: 0 }] },
      },
      AT,
    );
    const hints = user.arrivals(NOW, NOW + DAY);
    const applis = hints.map((h) => h.appli);
    expect(applis).toEqual(expect.arrayContaining([4, 16, 44]));
    for (const hint of hints) expect(hint.startdate).toBeLessThanOrEqual(hint.enddate);
    expect(user.arrivals(NOW + DAY, NOW + DAY)).toEqual([]);
  });
});
