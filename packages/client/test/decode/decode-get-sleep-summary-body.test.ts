import { describe, expect, it } from "vitest";
import { decodeGetSleepSummaryBody } from "../../src/decode/decode-get-sleep-summary-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const summary = (
  data: unknown = { total_sleep_time: 27000 },
  over: Record<string, unknown> = {},
) => ({
  id: 2081804182,
  timezone: "Europe/Paris",
  model: 32,
  model_id: 63,
  hash_deviceid: "201d0b9a",
  startdate: 1618691453,
  enddate: 1618713173,
  date: "2021-04-18",
  data,
  created: 1620237476,
  modified: 1620237476,
  ...over,
});

describe("decodeGetSleepSummaryBody", () => {
  it("returns a clean body as is, unknown summary fields included", () => {
    const input = {
      series: [
        summary({
          sleep_score: 37,
          breathing_quality_assessment: "good",
          night_events: { "1": [120] },
        }),
      ],
      more: true,
      offset: 300,
    };
    expect(decodeGetSleepSummaryBody(input)).toBe(input);
  });

  it("reads empty maps sent as [] as {} (quirk Q12) and numbers sent as text", () => {
    const out = decodeGetSleepSummaryBody({
      series: [summary([]), summary({ night_events: [], sleep_efficiency: "0.86", night: "x" })],
    });
    expect(out.series[0]?.data).toEqual({});
    expect(out.series[1]?.data).toEqual({ night_events: {}, sleep_efficiency: 0.86, night: "x" });
  });

  it("reads night_events offsets sent as text", () => {
    const out = decodeGetSleepSummaryBody({
      series: [summary({ night_events: { "1": [120, "300"] } })],
    });
    expect(out.series[0]?.data?.night_events).toEqual({ "1": [120, 300] });
  });

  it.each([
    ["a missing id", [summary(undefined, { id: undefined })], "$.body.series[0].id"],
    ["a text sleep_score", [summary({ sleep_score: "good" })], "$.body.series[0].data.sleep_score"],
    [
      "night_events as a list",
      [summary({ night_events: [[120]] })],
      "$.body.series[0].data.night_events",
    ],
    [
      "night_events offsets that are not a list",
      [summary({ night_events: { "1": 120 } })],
      '$.body.series[0].data.night_events["1"]',
    ],
    [
      "a text offset in night_events",
      [summary(), summary({ night_events: { "2": [1, "soon"] } })],
      '$.body.series[1].data.night_events["2"][1]',
    ],
    [
      "a date with a time",
      [summary(undefined, { date: "2021-04-18T00:00" })],
      "$.body.series[0].date",
    ],
    ["a text completed", [summary(undefined, { completed: "yes" })], "$.body.series[0].completed"],
    ["data as text", [summary("none")], "$.body.series[0].data"],
  ])("rejects %s", (_name, series, path) => {
    expectShapeError(() => decodeGetSleepSummaryBody({ series }), path);
  });
});
