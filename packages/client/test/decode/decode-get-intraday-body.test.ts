import { describe, expect, it } from "vitest";
import { decodeGetIntradayBody } from "../../src/decode/decode-get-intraday-body.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeGetIntradayBody", () => {
  it("keeps a keyed series as is", () => {
    const input = {
      series: {
        "1704412800": { deviceid: "abc", model: "Steel HR", model_id: 55, steps: 120 },
        "1704412860": { steps: 0, duration: 60, vendor_extra: [1] },
      },
    };
    expect(decodeGetIntradayBody(input)).toBe(input);
  });

  it("reads an empty series sent as [] as {} (quirk Q12)", () => {
    expect(decodeGetIntradayBody({ series: [] })).toEqual({ series: {} });
  });

  it("reads samples sent as text and a null device", () => {
    const out = decodeGetIntradayBody({
      series: { "1704412800": { steps: "12", calories: "0.33", deviceid: null, model_id: "94" } },
    });
    expect(out.series["1704412800"]).toEqual({
      steps: 12,
      calories: 0.33,
      deviceid: null,
      model_id: 94,
    });
  });

  it.each([
    ["a missing series", {}, "$.body.series"],
    ["a non-empty list", { series: [{ steps: 1 }] }, "$.body.series"],
    [
      "a key that is not a time",
      { series: { "1704412800": {}, later: {} } },
      '$.body.series["later"]',
    ],
    [
      "a sample that is not an object",
      { series: { "1704412800": 5 } },
      '$.body.series["1704412800"]',
    ],
    [
      "a text heart rate",
      { series: { "1704412800": { heart_rate: "fast" } } },
      '$.body.series["1704412800"].heart_rate',
    ],
    [
      "a numeric model",
      { series: { "1704412800": { model: 55 } } },
      '$.body.series["1704412800"].model',
    ],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetIntradayBody(input), path);
  });
});
