import { describe, expect, it } from "vitest";
import { decodeHeartSignalBody } from "../../src/decode/decode-heart-signal-body.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeHeartSignalBody", () => {
  it("accepts heart_rate as an integer or as an object, kept as sent", () => {
    const old = { signal: [-20, 0, 20], sampling_frequency: 500, wearposition: 3, heart_rate: 63 };
    expect(decodeHeartSignalBody(old)).toBe(old);
    const newer = {
      signal: [],
      model: 91,
      heart_rate: { grpid: 5, value: 63, date: 1704412800, is_deleted: false },
    };
    expect(decodeHeartSignalBody(newer)).toBe(newer);
  });

  it("reads samples and a heart rate sent as text", () => {
    const out = decodeHeartSignalBody({ signal: [1, "-2"], heart_rate: "63" });
    expect(out).toEqual({ signal: [1, -2], heart_rate: 63 });
  });

  it.each([
    ["a missing signal", {}, "$.body.signal"],
    ["a fractional sample", { signal: [1, 2, 2.5] }, "$.body.signal[2]"],
    [
      "a heart rate object without value",
      { signal: [], heart_rate: { grpid: 5 } },
      "$.body.heart_rate.value",
    ],
    ["a text heart rate", { signal: [], heart_rate: "fast" }, "$.body.heart_rate"],
    ["a null heart rate", { signal: [], heart_rate: null }, "$.body.heart_rate"],
    [
      "a text is_deleted",
      { signal: [], heart_rate: { value: 60, is_deleted: "no" } },
      "$.body.heart_rate.is_deleted",
    ],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeHeartSignalBody(input), path);
  });
});
