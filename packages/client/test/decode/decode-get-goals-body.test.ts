import { describe, expect, it } from "vitest";
import { decodeGetGoalsBody } from "../../src/decode/decode-get-goals-body.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeGetGoalsBody", () => {
  it("reads `goals: []` as {} (quirk Q12, no_goals.json)", () => {
    const input = { goals: [] };
    const out = decodeGetGoalsBody(input);
    expect(out).toEqual({ goals: {} });
    expect(input.goals).toEqual([]);
  });

  it("returns clean goals as is, any of them missing", () => {
    const input = { goals: { steps: 10000, weight: { value: 70500, unit: -3 } } };
    expect(decodeGetGoalsBody(input)).toBe(input);
    expect(decodeGetGoalsBody({ goals: { steps: "8000" } }).goals.steps).toBe(8000);
  });

  it.each([
    ["missing goals", {}, "$.body.goals"],
    ["goals as text", { goals: "none" }, "$.body.goals"],
    ["goals as a non-empty list", { goals: [10000] }, "$.body.goals"],
    [
      "a weight goal without unit",
      { goals: { weight: { value: 70500 } } },
      "$.body.goals.weight.unit",
    ],
    ["a fractional step goal", { goals: { steps: 10000.5 } }, "$.body.goals.steps"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetGoalsBody(input), path);
  });
});
