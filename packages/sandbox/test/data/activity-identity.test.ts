import { describe, expect, it } from "vitest";
import {
  activityId,
  generateUser,
  SandboxParamError,
  type SandboxUserData,
} from "../../src/data/index.js";
import { NOW, params, walk } from "./helpers.js";

const AT = NOW + 3600;
const DATE = "2025-12-20";
const WATCH = {
  date: DATE,
  brand: 1,
  modelid: 93,
  model: "ScanWatch",
  is_tracker: true,
  steps: 4000,
};
const PHONE = { date: DATE, brand: 18, modelid: 1055, model: "GoogleFit tracker", steps: 6100 };

function empty(): SandboxUserData {
  return generateUser({ profile: "empty", years: 0, seed: 8, userId: "ids", now: NOW });
}

describe("several activity records per date (one per source, §1.6)", () => {
  it("lists both and addresses each by activityId; a bare date is ambiguous then", () => {
    const user = empty();
    user.apply({ op: "add", dataset: "activity", record: WATCH }, NOW);
    user.apply({ op: "add", dataset: "activity", record: PHONE }, NOW);
    const day = { startdateymd: DATE, enddateymd: DATE };
    const rows = walk(user, "measure.getactivity", day, AT).rows;
    expect(rows.map((r) => r["steps"])).toEqual([4000, 6100]);
    expect(() =>
      user.apply({ op: "edit", dataset: "activity", id: DATE, record: { steps: 1 } }, AT),
    ).toThrow(
      `activity: ${DATE} has 2 records (${DATE}|1|93, ${DATE}|18|1055); address one by its id`,
    );
    const hints = user.apply(
      { op: "edit", dataset: "activity", id: activityId(PHONE), record: { steps: 6200 } },
      AT,
    );
    expect(hints).toMatchObject([{ appli: 16, date: DATE }]);
    expect(walk(user, "measure.getactivity", day, AT).rows.map((r) => r["steps"])).toEqual([
      4000, 6200,
    ]);
    // Deleting one leaves the bare date unambiguous.
    user.apply({ op: "delete", dataset: "activity", id: `${DATE}|1|93` }, AT);
    user.apply({ op: "edit", dataset: "activity", id: DATE, record: { steps: 6300 } }, AT);
    expect(user.snapshot(AT).activity).toMatchObject([{ brand: 18, steps: 6300 }]);
  });

  it("refuses a second record of the same source and date, and an edit of the identity", () => {
    const user = empty();
    user.apply({ op: "add", dataset: "activity", record: WATCH }, NOW);
    expect(() =>
      user.apply({ op: "add", dataset: "activity", record: { ...WATCH, steps: 1 } }, AT),
    ).toThrow(/already exists/);
    expect(() =>
      user.apply({ op: "edit", dataset: "activity", id: DATE, record: { brand: 18 } }, AT),
    ).toThrow(/cannot change/);
    expect(() => user.apply({ op: "delete", dataset: "activity", id: `${DATE}|9|9` }, AT)).toThrow(
      SandboxParamError,
    );
  });

  it("addresses generated records by activityId too", () => {
    const user = generateUser({
      profile: "vitals-study",
      years: 1,
      seed: 8,
      userId: "gen",
      now: NOW,
    });
    const record = user.snapshot(NOW).activity.at(-3)!;
    const hints = user.apply(
      { op: "edit", dataset: "activity", id: activityId(record), record: { steps: 77 } },
      AT,
    );
    expect(hints[0]?.date).toBe(record.date);
    expect(
      user.snapshot(AT).activity.find((a) => activityId(a) === activityId(record))?.steps,
    ).toBe(77);
  });
});

describe("ids", () => {
  it("are reused after a deletion, above 2^31 too", () => {
    const user = empty();
    const grpid = 5_423_702_714;
    const group = { grpid, date: NOW - 500, measures: [{ value: 80000, type: 1, unit: -3 }] };
    user.apply({ op: "add", dataset: "measures", record: group }, NOW);
    user.apply(
      { op: "edit", dataset: "measures", id: String(grpid), record: { attrib: 0 } },
      NOW + 10,
    );
    user.apply({ op: "delete", dataset: "measures", id: grpid }, NOW + 20);
    expect(user.snapshot(NOW + 20).measures).toEqual([]);
    user.apply({ op: "add", dataset: "measures", record: { ...group, date: NOW - 100 } }, NOW + 30);
    const body = user.answer("measure.getmeas", params({ lastupdate: NOW + 25 }), NOW + 30) as {
      measuregrps: { grpid: number; date: number; created: number }[];
    };
    expect(body.measuregrps).toMatchObject([{ grpid, date: NOW - 100, created: NOW + 30 }]);

    const id = 3_661_300_277;
    const workout = { id, startdate: NOW - 4000, enddate: NOW - 1000 };
    user.apply({ op: "add", dataset: "workouts", record: workout }, NOW);
    user.apply({ op: "delete", dataset: "workouts", id }, NOW + 1);
    user.apply({ op: "add", dataset: "workouts", record: { ...workout, category: 2 } }, NOW + 2);
    expect(user.snapshot(NOW + 2).workouts).toMatchObject([{ id, category: 2 }]);
  });

  it("never allocates an id that an added record already took", () => {
    const user = empty();
    user.apply(
      {
        op: "add",
        dataset: "workouts",
        record: { id: 20_000_000_000, startdate: NOW - 10, enddate: NOW },
      },
      NOW,
    );
    user.apply(
      { op: "add", dataset: "sleep", record: { startdate: NOW - 9000, enddate: NOW - 100 } },
      NOW,
    );
    const sleep = user.snapshot(NOW).sleep[0]!;
    expect(sleep.id).not.toBe(20_000_000_000);
  });
});
