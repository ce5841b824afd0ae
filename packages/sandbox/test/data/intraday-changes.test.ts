import { describe, expect, it } from "vitest";
import { generateUser, parseDataChange, SandboxParamError } from "../../src/data/index.js";
import { DAY, NOW, params } from "./helpers.js";

const AT = NOW + 3600;
type Series = { series: Record<string, Record<string, unknown>> | [] };

describe("DataChange dataset intraday: explicit samples", () => {
  it("adds, edits and deletes a sample by its time, notifying appli 16", () => {
    const user = generateUser({ profile: "empty", years: 0, seed: 2, userId: "samples", now: NOW });
    const time = NOW - 5000;
    const hints = user.apply(
      {
        op: "add",
        dataset: "intraday",
        record: { time, steps: 40, heart_rate: 71, model: "ScanWatch", model_id: 93 },
      },
      AT,
    );
    expect(hints).toEqual([{ appli: 16, startdate: time, enddate: time, date: "2025-12-31" }]);
    const window = params({ startdate: time - 60, enddate: time + 60 });
    expect(user.answer("measure.getintradayactivity", window, AT)).toEqual({
      series: {
        [time]: { deviceid: null, model: "ScanWatch", model_id: 93, steps: 40, heart_rate: 71 },
      },
    });
    // Not there before it was made.
    expect(user.answer("measure.getintradayactivity", window, AT - 1)).toEqual({ series: [] });
    user.apply(
      { op: "edit", dataset: "intraday", id: String(time), record: { steps: 55 } },
      AT + 1,
    );
    expect(user.intradaySamples(time, time, AT + 1)).toEqual([
      [time, { deviceid: null, model: "ScanWatch", model_id: 93, steps: 55, heart_rate: 71 }],
    ]);
    user.apply({ op: "delete", dataset: "intraday", id: time }, AT + 2);
    expect(user.answer("measure.getintradayactivity", window, AT + 2)).toEqual({ series: [] });
    // Once deleted it can be added again.
    user.apply({ op: "add", dataset: "intraday", record: { time, steps: 1 } }, AT + 3);
    expect(user.intradaySamples(time, time, AT + 3)).toHaveLength(1);
  });

  it("replaces, edits and hides derived samples at the same second", () => {
    const user = generateUser({
      profile: "vitals-study",
      years: 1,
      seed: 2,
      userId: "derived",
      now: NOW,
    });
    const start = NOW - 10 * DAY;
    const derived = user
      .intradaySamples(start, start + DAY, NOW)
      .filter(([, s]) => (s.steps ?? 0) > 0);
    expect(derived.length).toBeGreaterThan(3);
    const [[a, first], [b], [c, third]] = derived as [
      [number, { steps: number }],
      [number],
      [number, { steps: number }],
    ];
    user.apply({ op: "add", dataset: "intraday", record: { time: a, steps: 1 } }, AT);
    user.apply({ op: "delete", dataset: "intraday", id: b }, AT);
    user.apply({ op: "edit", dataset: "intraday", id: c, record: { steps: third.steps + 5 } }, AT);
    const after = new Map(user.intradaySamples(start, start + DAY, AT));
    expect(after.get(a)).toEqual({ deviceid: null, model: null, model_id: null, steps: 1 });
    expect(after.has(b)).toBe(false);
    expect(after.get(c)).toEqual({ ...third, steps: third.steps + 5 }); // labels kept
    expect(first.steps).toBeGreaterThan(0);
    // The answer is the truth, windowed.
    const body = user.answer(
      "measure.getintradayactivity",
      params({ startdate: start, enddate: start + DAY }),
      AT,
    ) as Series;
    expect(Object.keys(body.series).map(Number)).toEqual([...after.keys()]);
  });

  it("refuses a sample that exists, a time with none, unknown fields and bad values", () => {
    const user = generateUser({ profile: "empty", years: 0, seed: 2, userId: "bad", now: NOW });
    const time = NOW - 100;
    const reject = (change: unknown) =>
      expect(() => user.apply(parseDataChange(change), AT)).toThrow(SandboxParamError);
    user.apply({ op: "add", dataset: "intraday", record: { time, steps: 3 } }, AT);
    reject({ op: "add", dataset: "intraday", record: { time, steps: 4 } });
    reject({ op: "edit", dataset: "intraday", id: time + 1, record: { steps: 4 } });
    reject({ op: "delete", dataset: "intraday", id: time + 1 });
    reject({ op: "add", dataset: "intraday", record: { time: time + 2, stepz: 4 } });
    reject({ op: "add", dataset: "intraday", record: { time: time + 3, steps: "4" } });
    reject({ op: "add", dataset: "intraday", record: { steps: 4 } });
    reject({ op: "edit", dataset: "intraday", id: time, record: { time: time + 9 } });
    reject({ op: "edit", dataset: "intraday", id: "soon", record: { steps: 1 } });
  });
});
