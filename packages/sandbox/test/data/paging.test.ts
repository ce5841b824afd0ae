import { describe, expect, it } from "vitest";
import { activityId, generateUser, SandboxParamError } from "../../src/data/index.js";
import { type ListKey, NOW, params, type Row, vitalsUser, walk } from "./helpers.js";

// The query that lists a whole history for each list action.
const ALL: Record<ListKey, Record<string, string | number>> = {
  "measure.getmeas": {},
  "measure.getactivity": { lastupdate: 0 },
  "measure.getworkouts": {},
  "heart.list": {},
  "sleep.getsummary": { lastupdate: 0 },
};
const SNAPSHOT: Record<ListKey, "measures" | "activity" | "workouts" | "ecg" | "sleep"> = {
  "measure.getmeas": "measures",
  "measure.getactivity": "activity",
  "measure.getworkouts": "workouts",
  "heart.list": "ecg",
  "sleep.getsummary": "sleep",
};
// The time each row sorts by.
const TIME: Record<ListKey, (row: Row) => number> = {
  "measure.getmeas": (r) => r.date as number,
  "measure.getactivity": (r) => Date.parse(r.date as string),
  "measure.getworkouts": (r) => r.startdate as number,
  "heart.list": (r) => r.timestamp as number,
  "sleep.getsummary": (r) => r.startdate as number,
};
const ID: Record<ListKey, (row: Row) => unknown> = {
  "measure.getmeas": (r) => r.grpid,
  // A date can hold a record per source.
  "measure.getactivity": (r) =>
    activityId(r as { date: string; brand?: number | null; modelid?: number | null }),
  "measure.getworkouts": (r) => r.id,
  "heart.list": (r) => (r.ecg as { signalid: number }).signalid,
  "sleep.getsummary": (r) => r.id,
};

// The observed paging of reference §1.13, the sandbox's defaults.
const OBSERVED: Record<
  ListKey,
  {
    listKey: string;
    pageSize: number;
    order: "newest-first" | "oldest-first";
    more: "int" | "bool";
  }
> = {
  "measure.getmeas": { listKey: "measuregrps", pageSize: 4096, order: "newest-first", more: "int" },
  "measure.getactivity": {
    listKey: "activities",
    pageSize: 200,
    order: "oldest-first",
    more: "bool",
  },
  "measure.getworkouts": { listKey: "series", pageSize: 300, order: "oldest-first", more: "bool" },
  "heart.list": { listKey: "series", pageSize: 200, order: "newest-first", more: "bool" },
  "sleep.getsummary": { listKey: "series", pageSize: 300, order: "oldest-first", more: "bool" },
};

describe("paging follows the observed cloud by default (§1.13)", () => {
  const user = vitalsUser(10, 4, "pager");
  const snapshot = user.snapshot(NOW);

  for (const key of Object.keys(ALL) as ListKey[]) {
    const spec = OBSERVED[key];

    it(`${key}: default page size ${spec.pageSize}, ${spec.order}, every row once`, () => {
      const { rows, pages } = walk(user, key, ALL[key]);
      expect(rows).toHaveLength(snapshot[SNAPSHOT[key]].length);
      expect(new Set(rows.map(ID[key])).size).toBe(rows.length);
      pages.forEach((page, i) => {
        const size = (page[spec.listKey] as unknown[]).length;
        if (i < pages.length - 1) expect(size).toBe(spec.pageSize);
        else expect(size).toBeLessThanOrEqual(spec.pageSize);
        expect(Number.isInteger(page.offset)).toBe(true);
        expect(typeof page.more).toBe(spec.more === "int" ? "number" : "boolean");
      });
      expect(pages.length).toBeGreaterThan(1); // ten years fill more than one page everywhere
      const times = rows.map(TIME[key]);
      const sorted = [...times].sort((a, b) => (spec.order === "newest-first" ? b - a : a - b));
      expect(times).toEqual(sorted);
    });

    it(`${key}: honours a page-size override`, () => {
      const small = walk(user, key, ALL[key], NOW, 37);
      expect(small.pages[0]?.[spec.listKey]).toHaveLength(37);
      expect(small.rows.map(ID[key])).toEqual(walk(user, key, ALL[key]).rows.map(ID[key]));
    });
  }

  it("answers `more` 0/1 on getmeas and booleans elsewhere (Q6)", () => {
    const meas = user.answer("measure.getmeas", params(), NOW, { "measure.getmeas": 5 }) as {
      more: unknown;
    };
    expect(meas.more).toBe(1);
    const last = user.answer(
      "measure.getmeas",
      params({ startdate: NOW - 3600, enddate: NOW }),
      NOW,
    ) as { more: unknown };
    expect(last.more).toBe(0);
    const act = user.answer("measure.getactivity", params({ lastupdate: 0 }), NOW) as {
      more: unknown;
    };
    expect(act.more).toBe(true);
  });

  it("rejects malformed offsets and answers an empty last page past the end", () => {
    for (const offset of ["abc", "-1", "1.5"]) {
      expect(() => user.answer("measure.getmeas", params({ offset }), NOW)).toThrow(
        SandboxParamError,
      );
    }
    const past = user.answer("heart.list", params({ offset: 1_000_000 }), NOW) as {
      series: unknown[];
      more: boolean;
    };
    expect(past.series).toEqual([]);
    expect(past.more).toBe(false);
  });

  it("hands out the same frozen group objects page after page (a page is a slice)", () => {
    const a = user.answer("measure.getmeas", params(), NOW) as { measuregrps: object[] };
    const b = user.answer("measure.getmeas", params(), NOW) as { measuregrps: object[] };
    expect(a.measuregrps[0]).toBe(b.measuregrps[0]);
    expect(Object.isFrozen(a.measuregrps[0])).toBe(true);
  });
});

describe("paging through history that is generated on the way", () => {
  it("walks a fresh ten-year user newest first to the same rows a full snapshot has", () => {
    const fresh = generateUser({
      profile: "vitals-study",
      years: 10,
      seed: 4,
      userId: "lazy",
      now: NOW,
    });
    const { rows } = walk(fresh, "measure.getmeas", {}, NOW, 1000);
    const heart = walk(
      generateUser({ profile: "vitals-study", years: 10, seed: 4, userId: "lazy", now: NOW }),
      "heart.list",
      {},
      NOW,
      20,
    ).rows;
    const snapshot = fresh.snapshot(NOW);
    expect(rows.map((r) => r.grpid)).toEqual(snapshot.measures.map((g) => g.grpid).reverse());
    expect(heart.map((r) => (r.ecg as { signalid: number }).signalid)).toEqual(
      snapshot.ecg.map((e) => e.ecg.signalid).reverse(),
    );
  });
});
