import { describe, expect, it } from "vitest";
import { decodeGetWorkoutsBody } from "../../src/decode/decode-get-workouts-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const workout = (over: Record<string, unknown> = {}) => ({
  id: 3661300277,
  category: 1,
  timezone: "Europe/Amsterdam",
  model: 1055,
  attrib: 0,
  startdate: 1693336011,
  enddate: 1693336513,
  date: "2023-08-29",
  deviceid: null,
  data: { calories: 47, algo_pause_duration: null, core_body_temperature_status: "usual" },
  modified: 1693481873,
  ...over,
});

describe("decodeGetWorkoutsBody", () => {
  it("returns a clean body as is; sparse data with nulls and status text is valid", () => {
    const input = { series: [workout()], more: false, offset: 0 };
    expect(decodeGetWorkoutsBody(input)).toBe(input);
  });

  it("reads `data: []` as {} (quirk Q12), numbers sent as text, and a text model id", () => {
    const out = decodeGetWorkoutsBody({
      series: [
        workout({ data: [] }),
        workout({ model: "94", data: { calories: "63", steps: 1000 } }),
      ],
    });
    expect(out.series[0]?.data).toEqual({});
    expect(out.series[1]?.model).toBe(94);
    expect(out.series[1]?.data).toEqual({ calories: 63, steps: 1000 });
  });

  it.each([
    ["a missing id", { series: [workout({ id: undefined })] }, "$.body.series[0].id"],
    ["a model name", { series: [workout({ model: "ScanWatch" })] }, "$.body.series[0].model"],
    [
      "missing data",
      { series: [workout(), workout({ data: undefined })] },
      "$.body.series[1].data",
    ],
    [
      "an object data value",
      { series: [workout({ data: { calories: { kcal: 1 } } })] },
      "$.body.series[0].data.calories",
    ],
    [
      "a boolean data value",
      { series: [workout({ data: { steps: true } })] },
      "$.body.series[0].data.steps",
    ],
    [
      "a text startdate",
      { series: [workout({ startdate: "morning" })] },
      "$.body.series[0].startdate",
    ],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeGetWorkoutsBody(input), path);
  });
});
