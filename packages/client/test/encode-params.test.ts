import { describe, expect, it } from "vitest";
import { WithingsArgumentError } from "../src/errors/withings-argument-error.js";
import { encodeParams, toEpochSeconds, toYmd } from "../src/http/encode-params.js";

describe("encodeParams", () => {
  it("converts dates per endpoint: epoch for getmeas, YYYY-MM-DD for getactivity", () => {
    const meas = encodeParams("measure.getmeas", {
      startdate: "2024-01-05",
      enddate: new Date("2024-01-06T00:00:00.900Z"),
      meastypes: [9, 10, 11],
    });
    expect(meas.get("action")).toBe("getmeas");
    expect(meas.get("startdate")).toBe("1704412800");
    expect(meas.get("enddate")).toBe("1704499200");
    expect(meas.get("meastypes")).toBe("9,10,11");

    const activity = encodeParams("measure.getactivity", {
      startdateymd: 1704412800,
      enddateymd: "2024-01-09",
      data_fields: ["steps", "distance"],
    });
    expect(activity.get("startdateymd")).toBe("2024-01-05");
    expect(activity.get("enddateymd")).toBe("2024-01-09");
    expect(activity.get("data_fields")).toBe("steps,distance");
  });

  it("refuses lastupdate together with a date range, which the API answers with nothing", () => {
    expect(() => encodeParams("measure.getmeas", { lastupdate: 1, startdate: 2 })).toThrow(
      /lastupdate and startdate cannot be combined/,
    );
    expect(() =>
      encodeParams("sleep.getsummary", { lastupdate: 1, startdateymd: "2024-01-01" }),
    ).toThrow(WithingsArgumentError);
  });

  it("refuses unknown and missing parameters and wrong types", () => {
    expect(() => encodeParams("measure.getmeas", { meastype: 1.5 })).toThrow(/integer/);
    expect(() => encodeParams("measure.getmeas", { nope: 1 } as object)).toThrow(
      /unknown parameter "nope"/,
    );
    let missing: unknown;
    try {
      encodeParams("sleep.get", { startdate: 1 } as never);
    } catch (e) {
      missing = e;
    }
    expect(missing).toBeInstanceOf(WithingsArgumentError);
    expect((missing as WithingsArgumentError).code).toBe("ERR_MISSING_ARGS");
  });

  it("catches epoch milliseconds passed where seconds are expected", () => {
    expect(() => toEpochSeconds(1704412800000)).toThrow(/milliseconds/);
    expect(toEpochSeconds(1704412800.9)).toBe(1704412800);
    expect(() => toEpochSeconds("yesterday")).toThrow(WithingsArgumentError);
    expect(() => toEpochSeconds(new Date(Number.NaN))).toThrow(/invalid Date/);
  });

  it("passes day strings through and rejects impossible days", () => {
    expect(toYmd("2024-02-29")).toBe("2024-02-29");
    expect(() => toYmd("2024-13-01")).toThrow(WithingsArgumentError);
    expect(toYmd(new Date("2024-01-05T23:59:59Z"))).toBe("2024-01-05");
  });
});
