import { describe, expect, it } from "vitest";
import { type DataEndpointKey, generateUser } from "../../src/data/index.js";
import { DAY, NOW, params } from "./helpers.js";

const QUERIES: readonly [DataEndpointKey, Record<string, string | number>][] = [
  ["measure.getmeas", {}],
  ["measure.getmeas", { lastupdate: NOW - 60 * DAY }],
  ["measure.getactivity", { startdateymd: "2025-10-01", enddateymd: "2025-12-31" }],
  ["measure.getworkouts", { lastupdate: NOW - 90 * DAY }],
  ["heart.list", {}],
  [
    "sleep.getsummary",
    { startdateymd: "2025-12-01", enddateymd: "2025-12-31", data_fields: "hr_average,sleep_score" },
  ],
  ["measure.getintradayactivity", { startdate: NOW - 5 * DAY, enddate: NOW - 4 * DAY }],
  ["sleep.get", { startdate: NOW - 3 * DAY, enddate: NOW - 2 * DAY, data_fields: "hr,rr,snoring" }],
  ["user.getdevice", {}],
  ["user.getgoals", {}],
];

function answers(seed: number, userId: string): string {
  const user = generateUser({ profile: "vitals-study", years: 1, seed, userId, now: NOW });
  return JSON.stringify(QUERIES.map(([key, q]) => user.answer(key, params(q), NOW)));
}

describe("synthetic users are deterministic", () => {
  it("gives identical answers for the same seed and user", () => {
    expect(answers(5, "alice")).toBe(answers(5, "alice"));
  });

  it("gives different data for another seed or another user", () => {
    const base = answers(5, "alice");
    expect(answers(6, "alice")).not.toBe(base);
    expect(answers(5, "bob")).not.toBe(base);
  });

  it("does not depend on the order history is generated in", () => {
    const a = generateUser({ profile: "vitals-study", years: 3, seed: 9, userId: "u", now: NOW });
    const b = generateUser({ profile: "vitals-study", years: 3, seed: 9, userId: "u", now: NOW });
    // a: newest first (a page, then an old range, then everything); b: everything at once.
    a.answer("measure.getmeas", params(), NOW, { "measure.getmeas": 50 });
    a.answer(
      "measure.getactivity",
      params({ startdateymd: "2023-03-01", enddateymd: "2023-03-31" }),
      NOW,
    );
    expect(JSON.stringify(a.snapshot(NOW))).toBe(JSON.stringify(b.snapshot(NOW)));
  });

  it("keeps generating days after creation exactly like days before", () => {
    // Created at NOW and asked 20 days later, versus created 20 days later: the same days.
    const later = NOW + 20 * DAY;
    const early = generateUser({
      profile: "vitals-study",
      years: 1,
      seed: 3,
      userId: "u",
      now: NOW,
    });
    const late = generateUser({
      profile: "vitals-study",
      years: 1,
      seed: 3,
      userId: "u",
      now: later,
    });
    const window = params({ startdate: NOW - 5 * DAY, enddate: later - DAY });
    const fromEarly = early.answer("measure.getmeas", window, later);
    const fromLate = late.answer("measure.getmeas", window, later);
    expect(fromEarly).toEqual(fromLate);
    const groups = (fromEarly as { measuregrps: { date: number }[] }).measuregrps;
    expect(groups.some((g) => g.date > NOW + 10 * DAY)).toBe(true);
    const summaries = params({ startdateymd: "2026-01-05", enddateymd: "2026-01-19" });
    expect(early.answer("sleep.getsummary", summaries, later)).toEqual(
      late.answer("sleep.getsummary", summaries, later),
    );
  });
});
