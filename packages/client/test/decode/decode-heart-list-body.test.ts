import { describe, expect, it } from "vitest";
import { decodeHeartListBody } from "../../src/decode/decode-heart-list-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const recording = (over: Record<string, unknown> = {}) => ({
  deviceid: "0123456789abcdef",
  model: 44,
  ecg: { signalid: 9876543, afib: 0 },
  bloodpressure: { diastole: 80, systole: 120 },
  heart_rate: 78,
  timestamp: 1594911107,
  ...over,
});

describe("decodeHeartListBody", () => {
  it("returns a clean body as is", () => {
    const input = { series: [recording(), recording({ bloodpressure: undefined })], more: false };
    expect(decodeHeartListBody(input)).toBe(input);
  });

  it("accepts the synthetic paging stubs and numbers sent as text", () => {
    expect(
      decodeHeartListBody({ series: [{ heart_rate: 60 }], more: true, offset: 40 }).series,
    ).toEqual([{ heart_rate: 60 }]);
    const out = decodeHeartListBody({
      series: [recording({ ecg: { signalid: "991", afib: "1" } })],
    });
    expect(out.series[0]?.ecg).toEqual({ signalid: 991, afib: 1 });
  });

  it.each([
    ["an ecg without signalid", [recording({ ecg: { afib: 1 } })], "$.body.series[0].ecg.signalid"],
    ["an ecg that is null", [recording(), recording({ ecg: null })], "$.body.series[1].ecg"],
    [
      "a blood pressure without systole",
      [recording({ bloodpressure: { diastole: 80 } })],
      "$.body.series[0].bloodpressure.systole",
    ],
    ["a text timestamp", [recording({ timestamp: "noon" })], "$.body.series[0].timestamp"],
    ["a text model", [recording({ model: "BPM Core" })], "$.body.series[0].model"],
  ])("rejects %s", (_name, series, path) => {
    expectShapeError(() => decodeHeartListBody({ series }), path);
  });
});
