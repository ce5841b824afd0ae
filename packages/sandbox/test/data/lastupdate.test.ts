import { describe, expect, it } from "vitest";
import { generateUser, type StoredMeasureGroup } from "../../src/data/index.js";
import { DAY, NOW, params, vitalsUser, walk } from "./helpers.js";

interface Meas {
  measuregrps: StoredMeasureGroup[];
  more: number;
  offset: number;
}

describe("lastupdate", () => {
  const user = vitalsUser(2, 21, "sync");
  const all = user.snapshot(NOW).measures;

  it("returns exactly the records created or modified after it", () => {
    const since = NOW - 30 * DAY;
    const { rows } = walk(user, "measure.getmeas", { lastupdate: since });
    const expected = all.filter((g) => g.modified! > since).map((g) => g.grpid);
    expect(rows.map((r) => r.grpid).sort()).toEqual(expected.sort());
  });

  it("includes late uploads: an old date with a recent created time", () => {
    const late = all.find((g) => g.created! - g.date > 2 * DAY && g.created! < NOW - DAY);
    expect(late).toBeDefined();
    const found = (q: Record<string, number>) =>
      walk(user, "measure.getmeas", q).rows.some((g) => g.grpid === late!.grpid);
    expect(found({ lastupdate: late!.created! - 1 })).toBe(true);
    expect(found({ lastupdate: late!.created! })).toBe(false);
    // By date it was there all along, but only once it reached the cloud.
    const byDate = { startdate: late!.date, enddate: late!.date };
    const before = user.answer("measure.getmeas", params(byDate), late!.created! - 1) as Meas;
    expect(before.measuregrps.some((g) => g.grpid === late!.grpid)).toBe(false);
    expect(found(byDate)).toBe(true);
  });

  it("hides every record before its created time", () => {
    const at = NOW - 100 * DAY;
    const visible = user.snapshot(at);
    expect(visible.measures.every((g) => g.created! <= at)).toBe(true);
    expect(visible.measures.length).toBeLessThan(all.length);
    const { rows } = walk(user, "sleep.getsummary", { lastupdate: 0 }, at);
    expect(rows.every((s) => (s.created as number) <= at)).toBe(true);
    expect(rows).toHaveLength(visible.sleep.length);
  });

  it("finds edited records again, whatever their date", () => {
    const fresh = generateUser({
      profile: "vitals-study",
      years: 1,
      seed: 21,
      userId: "edit",
      now: NOW,
    });
    const old = fresh.snapshot(NOW).measures[10]!;
    const editAt = NOW + 3600;
    fresh.apply({ op: "edit", dataset: "measures", id: old.grpid, record: { attrib: 2 } }, editAt);
    const body = fresh.answer("measure.getmeas", params({ lastupdate: NOW }), editAt) as Meas;
    const edited = body.measuregrps.find((g) => g.grpid === old.grpid);
    expect(edited?.attrib).toBe(2);
    expect(edited?.modified).toBe(editAt);
    expect(edited?.created).toBe(old.created);
  });

  it("answers the same whether or not the older history was generated before", () => {
    const lazy = generateUser({
      profile: "vitals-study",
      years: 2,
      seed: 21,
      userId: "sync",
      now: NOW,
    });
    for (const days of [3, 9, 40]) {
      const since = NOW - days * DAY;
      for (const key of [
        "measure.getmeas",
        "measure.getactivity",
        "measure.getworkouts",
        "sleep.getsummary",
      ] as const) {
        expect(walk(lazy, key, { lastupdate: since }).rows).toEqual(
          walk(user, key, { lastupdate: since }).rows,
        );
      }
    }
    const range = { startdateymd: "2025-06-01", enddateymd: "2025-06-30" };
    expect(walk(lazy, "sleep.getsummary", range).rows).toEqual(
      walk(user, "sleep.getsummary", range).rows,
    );
  });

  it("with a date range gives an empty answer, not an error (Q5)", () => {
    const meas = user.answer(
      "measure.getmeas",
      params({ lastupdate: 0, startdate: NOW - DAY, enddate: NOW }),
      NOW,
    );
    expect(meas).toEqual({
      updatetime: NOW,
      timezone: user.timezone,
      measuregrps: [],
      more: 0,
      offset: 0,
    });
    const ymd = { lastupdate: 0, startdateymd: "2025-12-01", enddateymd: "2025-12-31" };
    expect(user.answer("measure.getactivity", params(ymd), NOW)).toEqual({
      activities: [],
      more: false,
      offset: 0,
    });
    expect(user.answer("sleep.getsummary", params(ymd), NOW)).toEqual({
      series: [],
      more: false,
      offset: 0,
    });
    expect(user.answer("measure.getworkouts", params(ymd), NOW)).toEqual({
      series: [],
      more: false,
      offset: 0,
    });
  });

  it("pages activity, workouts and summaries by lastupdate like getmeas", () => {
    const since = NOW - 60 * DAY;
    const snap = user.snapshot(NOW);
    const count = (key: "measure.getactivity" | "measure.getworkouts" | "sleep.getsummary") =>
      walk(user, key, { lastupdate: since }, NOW, 7).rows.length;
    expect(count("measure.getactivity")).toBe(
      snap.activity.filter((a) => a.modified! > since).length,
    );
    expect(count("measure.getworkouts")).toBe(
      snap.workouts.filter((w) => w.modified! > since).length,
    );
    expect(count("sleep.getsummary")).toBe(snap.sleep.filter((s) => s.modified! > since).length);
  });
});
