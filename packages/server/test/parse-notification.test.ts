import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNotification } from "../src/index.js";

describe("parseNotification", () => {
  it("reads every documented field, as numbers where they are numbers", () => {
    const { notification, problems } = parseNotification(
      "userid=123456&appli=46&startdate=1700000000&enddate=1700000300&date=2026-12-01&deviceid=abc&action=unlink",
    );
    expect(problems).toEqual([]);
    expect(notification).toEqual({
      userid: "123456",
      appli: 46,
      startdate: 1700000000,
      enddate: 1700000300,
      date: "2026-12-01",
      deviceid: "abc",
      action: "unlink",
    });
  });

  it("leaves out what does not parse and says why, and takes an epoch `date`", () => {
    const { notification, problems } = parseNotification(
      "userid=12a&appli=4.5&startdate=-3&date=1700000000&enddate=",
    );
    expect(notification).toEqual({ date: "1700000000" });
    expect(problems).toEqual([
      "userid is not a number",
      "appli is not an integer",
      "startdate is not an epoch",
    ]);
  });

  it("never throws, and keeps only well-formed fields, whatever the body", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .array(
              fc.tuple(
                fc.constantFrom("userid", "appli", "startdate", "enddate", "date", "x", ""),
                fc.string({ maxLength: 40 }),
              ),
              { maxLength: 8 },
            )
            .map((pairs) => new URLSearchParams(pairs).toString()),
        ),
        (body) => {
          const { notification: n } = parseNotification(body);
          if (n.userid !== undefined) expect(n.userid).toMatch(/^\d+$/);
          if (n.appli !== undefined) expect(Number.isSafeInteger(n.appli)).toBe(true);
          for (const v of [n.startdate, n.enddate]) {
            if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          for (const v of [n.deviceid, n.action, n.date]) {
            if (v !== undefined) expect(v.length).toBeLessThanOrEqual(128);
          }
        },
      ),
    );
  });
});
