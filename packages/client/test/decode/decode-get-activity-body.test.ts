import { describe, expect, it } from "vitest";
import { decodeGetActivityBody } from "../../src/decode/decode-get-activity-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const day = (over: Record<string, unknown> = {}) => ({
  steps: 1892,
  distance: 1607.93,
  calories: 204.796,
  deviceid: null,
  hash_deviceid: null,
  timezone: "Europe/Amsterdam",
  date: "2023-10-08",
  modified: 1697038118,
  brand: 18,
  modelid: 1055,
  model: "GoogleFit tracker",
  is_tracker: false,
  ...over,
});

describe("decodeGetActivityBody", () => {
  it("returns a clean body as is, with or without paging fields", () => {
    const input = { activities: [day()], more: true, offset: 200 };
    expect(decodeGetActivityBody(input)).toBe(input);
    const bare = { activities: [day()] };
    expect(decodeGetActivityBody(bare)).toBe(bare);
  });

  it("reads metrics sent as text (quirk Q21) and keeps `more` as given", () => {
    const out = decodeGetActivityBody({
      activities: [day({ steps: "8432", distance: "6221.5", modified: "1697038118" })],
      more: 1,
    });
    expect(out.activities[0]).toMatchObject({
      steps: 8432,
      distance: 6221.5,
      modified: 1697038118,
    });
    expect(out.more).toBe(1);
  });

  it.each([
    ["a missing date", { activities: [day({ date: undefined })] }, "$.body.activities[0].date"],
    [
      "a date that is not a day",
      { activities: [day(), day({ date: "2023-10-8" })] },
      "$.body.activities[1].date",
    ],
    [
      "a text is_tracker",
      { activities: [day({ is_tracker: "yes" })] },
      "$.body.activities[0].is_tracker",
    ],
    ["text steps", { activities: [day({ steps: "many" })] }, "$.body.activities[0].steps"],
    ["a null calories", { activities: [day({ calories: null })] }, "$.body.activities[0].calories"],
    ["a numeric model", { activities: [day({ model: 1055 })] }, "$.body.activities[0].model"],
    ["activities missing", { more: false }, "$.body.activities"],
    ["a text offset", { activities: [], offset: "next" }, "$.body.offset"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetActivityBody(input), path);
  });
});
