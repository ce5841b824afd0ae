import { describe, expect, it } from "vitest";
import { parseDateSeconds } from "../../src/decode/parse-date-seconds.js";

describe("parseDateSeconds", () => {
  it("reads days and date-times as UTC unless an offset is given", () => {
    expect(parseDateSeconds("1970-01-01")).toBe(0);
    expect(parseDateSeconds("2019-01-02")).toBe(1546387200);
    expect(parseDateSeconds("2024-02-29T23:59:59Z")).toBe(1709251199);
    expect(parseDateSeconds("2019-01-01T05:30:00+05:30")).toBe(1546300800);
    expect(parseDateSeconds("2018-12-31T19:00:00-0500")).toBe(1546300800);
    expect(parseDateSeconds("0019-01-01")).toBe(-61567603200);
  });

  it("rejects impossible dates and other text", () => {
    for (const text of [
      "2023-02-29",
      "2019-04-31",
      "2019-00-10",
      "2019-01-01T24:00:00Z",
      "2019-01-01T10:00:00+25:00",
      "2019-01-01T10",
      "1546300800",
      "yesterday",
    ]) {
      expect(parseDateSeconds(text), text).toBeUndefined();
    }
  });
});
