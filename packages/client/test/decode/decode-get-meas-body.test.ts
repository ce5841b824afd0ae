import { describe, expect, it } from "vitest";
import { decodeGetMeasBody } from "../../src/decode/decode-get-meas-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const group = (over: Record<string, unknown> = {}) => ({
  grpid: 4815757309,
  attrib: 0,
  date: 1693651151,
  created: 1693651185,
  modified: 1693651185,
  category: 1,
  deviceid: "f998be4b",
  hash_deviceid: "f998be4b",
  measures: [{ value: 118003, type: 1, unit: -3, algo: 3, fm: 3 }],
  modelid: 5,
  model: "Body+",
  comment: null,
  ...over,
});

const body = (groups: unknown[], over: Record<string, unknown> = {}) => ({
  updatetime: 1693651185,
  timezone: "Europe/Amsterdam",
  measuregrps: groups,
  more: 0,
  offset: 0,
  ...over,
});

describe("decodeGetMeasBody", () => {
  it("returns the very same objects for a clean body, unknown keys included", () => {
    const input = body([group({ is_inconclusive: false }), group()]);
    const out = decodeGetMeasBody(input);
    expect(out).toBe(input);
    expect(out.measuregrps[0]).toHaveProperty("is_inconclusive", false);
  });

  it("copies only the path to a coerced value and never mutates the input", () => {
    const clean = group();
    const drift = group({
      grpid: "4815757310",
      measures: [{ value: "118003", type: 1, unit: -3 }],
    });
    const input = body([clean, drift], { updatetime: "1693651185", offset: "4096" });
    const snapshot = structuredClone(input);
    const out = decodeGetMeasBody(input);
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
    expect(out.measuregrps[0]).toBe(clean);
    expect(out.measuregrps[1]?.grpid).toBe(4815757310);
    expect(out.measuregrps[1]?.measures[0]?.value).toBe(118003);
    expect([out.updatetime, out.offset]).toEqual([1693651185, 4096]);
  });

  it("keeps `more` as 0/1 or a boolean and accepts a missing offset (quirk Q6)", () => {
    expect(decodeGetMeasBody(body([], { more: 1 })).more).toBe(1);
    expect(decodeGetMeasBody(body([], { more: true })).more).toBe(true);
    const noOffset = decodeGetMeasBody({ measuregrps: [], more: false });
    expect(noOffset.offset).toBeUndefined();
  });

  it("converts a day or ISO text `date` to Unix seconds (UTC)", () => {
    const out = decodeGetMeasBody(
      body([group({ date: "2019-01-01" }), group({ date: "2019-01-01T10:00:00+01:00" })]),
    );
    expect(out.measuregrps.map((g) => g.date)).toEqual([1546300800, 1546333200]);
  });

  it("accepts null device and model fields, and a numeric deviceid (quirk Q13)", () => {
    const out = decodeGetMeasBody(
      body([
        group({ deviceid: null, hash_deviceid: null, model: null, modelid: null }),
        group({ deviceid: 1234 }),
      ]),
    );
    expect(out.measuregrps[0]?.deviceid).toBeNull();
    expect(out.measuregrps[1]?.deviceid).toBe("1234");
  });

  it.each([
    ["a body that is not an object", [], "$.body"],
    ["missing measuregrps", { more: 0 }, "$.body.measuregrps"],
    ["measuregrps as an object", { measuregrps: {} }, "$.body.measuregrps"],
    ["a group that is not an object", body([group(), null]), "$.body.measuregrps[1]"],
    [
      "a fractional grpid",
      body([group(), group(), group({ grpid: 1.5 })]),
      "$.body.measuregrps[2].grpid",
    ],
    ["a grpid beyond 2^53", body([group({ grpid: 2 ** 63 })]), "$.body.measuregrps[0].grpid"],
    ["a missing attrib", body([group({ attrib: undefined })]), "$.body.measuregrps[0].attrib"],
    ["an impossible date", body([group({ date: "2019-02-30" })]), "$.body.measuregrps[0].date"],
    [
      "measures not an array",
      body([group(), group({ measures: {} })]),
      "$.body.measuregrps[1].measures",
    ],
    [
      "a text value",
      body([
        group(),
        group(),
        group(),
        group({ measures: [{ value: "heavy", type: 1, unit: 0 }] }),
      ]),
      "$.body.measuregrps[3].measures[0].value",
    ],
    [
      "a NaN value",
      body([
        group({
          measures: [
            { value: 1, type: 1, unit: 0 },
            { value: Number.NaN, type: 1, unit: 0 },
          ],
        }),
      ]),
      "$.body.measuregrps[0].measures[1].value",
    ],
    [
      "an infinite unit",
      body([group({ measures: [{ value: 1, type: 1, unit: Number.NEGATIVE_INFINITY }] })]),
      "$.body.measuregrps[0].measures[0].unit",
    ],
    [
      "a fractional value",
      body([group({ measures: [{ value: 70.5, type: 1, unit: 0 }] })]),
      "$.body.measuregrps[0].measures[0].value",
    ],
    ["more as 2", body([], { more: 2 }), "$.body.more"],
    ["a numeric model", body([group({ model: 5 })]), "$.body.measuregrps[0].model"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetMeasBody(input), path);
  });

  it("names the action in the error", () => {
    const error = expectShapeError(
      () => decodeGetMeasBody(body([group({ grpid: "x" })]), { action: "measure.getmeas" }),
      "$.body.measuregrps[0].grpid",
    );
    expect(error.action).toBe("measure.getmeas");
    expect(error.message).toMatch(/^measure\.getmeas: shape at \$\.body\.measuregrps\[0\]\.grpid/);
  });
});
