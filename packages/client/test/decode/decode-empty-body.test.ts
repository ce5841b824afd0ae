import { describe, expect, it } from "vitest";
import { decodeEmptyBody } from "../../src/decode/decode-empty-body.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeEmptyBody", () => {
  it("accepts an object, and [] as {} (quirk Q12)", () => {
    const input = {};
    expect(decodeEmptyBody(input)).toBe(input);
    expect(decodeEmptyBody([])).toEqual({});
  });

  it.each([
    ["text", "ok"],
    ["null", null],
    ["a non-empty list", [1]],
  ])("rejects %s", (_name, input) => {
    expectShapeError(() => decodeEmptyBody(input), "$.body");
  });
});
