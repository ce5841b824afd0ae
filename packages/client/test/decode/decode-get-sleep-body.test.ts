import { describe, expect, it } from "vitest";
import { decodeGetSleepBody } from "../../src/decode/decode-get-sleep-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const segment = (over: Record<string, unknown> = {}) => ({
  startdate: 1618691453,
  state: 0,
  enddate: 1618691573,
  model: "Aura Sensor V2",
  hr: { "1618691453": 70, "1618691513": 71 },
  rr: { "1618691453": 15 },
  hash_deviceid: "201d0b9a",
  model_id: 63,
  ...over,
});

describe("decodeGetSleepBody", () => {
  it("returns clean segments as they are; segment model may be a name or a number", () => {
    const input = { series: [segment(), segment({ model: 16 })], model: 32 };
    expect(decodeGetSleepBody(input)).toBe(input);
  });

  it("reads empty data fields sent as [] as {} (quirk Q12) and values sent as text", () => {
    const out = decodeGetSleepBody({
      series: [segment({ hr: [], snoring: { "1618691453": "0" } })],
    });
    expect(out.series[0]?.hr).toEqual({});
    expect(out.series[0]?.snoring).toEqual({ "1618691453": 0 });
  });

  it.each([
    ["series as an object", { series: {} }, "$.body.series"],
    ["a missing state", { series: [segment({ state: undefined })] }, "$.body.series[0].state"],
    ["a boolean model", { series: [segment({ model: true })] }, "$.body.series[0].model"],
    [
      "hr as a non-empty list",
      { series: [segment(), segment({ hr: [70] })] },
      "$.body.series[1].hr",
    ],
    [
      "an hr key that is not a time",
      { series: [segment({ hr: { t0: 70 } })] },
      '$.body.series[0].hr["t0"]',
    ],
    [
      "a null hr value",
      { series: [segment({ hr: { "1618691453": null } })] },
      '$.body.series[0].hr["1618691453"]',
    ],
    ["a text body model", { series: [], model: "Sleep Analyzer" }, "$.body.model"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetSleepBody(input), path);
  });
});
