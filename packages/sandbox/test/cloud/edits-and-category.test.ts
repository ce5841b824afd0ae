import { describe, expect, it } from "vitest";
import { NOW, params } from "../data/helpers.js";
import { cloudUser } from "./_cloud-helpers.js";

const AT = NOW + 3600;

describe("editsRewriteCreated: an edit also sets `created` to now", () => {
  for (const rewrite of [false, true]) {
    it(`${rewrite ? "rewrites" : "keeps (the default)"} created on an edited measure group and sleep summary`, () => {
      const user = cloudUser(rewrite ? { editsRewriteCreated: true } : {});
      const snap = user.snapshot(NOW);
      const group = snap.measures[5]!;
      const night = snap.sleep[5]!;
      user.apply({ op: "edit", dataset: "measures", id: group.grpid, record: { attrib: 2 } }, AT);
      user.apply({ op: "edit", dataset: "sleep", id: night.id!, record: { data: {} } }, AT);
      const after = user.snapshot(AT);
      const edited = after.measures.find((g) => g.grpid === group.grpid)!;
      const summary = after.sleep.find((s) => s.id === night.id)!;
      expect(edited.modified).toBe(AT);
      expect(edited.created).toBe(rewrite ? AT : group.created);
      expect(summary.created).toBe(rewrite ? AT : night.created);
      // Still listed where it was by date: `created` is a stamp, not the record's visibility.
      const byDate = user.answer(
        "measure.getmeas",
        params({ startdate: group.date, enddate: group.date }),
        AT,
      ) as {
        measuregrps: { grpid: number }[];
      };
      expect(byDate.measuregrps.map((g) => g.grpid)).toContain(group.grpid);
    });
  }
});

describe("getmeasCategory: what getmeas answers without `category` (§9.4)", () => {
  const count = (user: ReturnType<typeof cloudUser>, q: Record<string, number> = {}) => {
    const body = user.answer("measure.getmeas", params(q), NOW) as {
      measuregrps: { category: number }[];
    };
    return {
      real: body.measuregrps.filter((g) => g.category === 1).length,
      goals: body.measuregrps.filter((g) => g.category === 2).length,
    };
  };

  it('"both" (the default) answers real measures and objectives', () => {
    const both = count(cloudUser({}));
    expect(both.real).toBeGreaterThan(0);
    expect(both.goals).toBeGreaterThan(0);
  });

  it('"real-only" answers category 1, while `category=2` still finds the objectives', () => {
    const user = cloudUser({ getmeasCategory: "real-only" });
    const both = count(cloudUser({}));
    expect(count(user)).toEqual({ real: both.real, goals: 0 });
    expect(count(user, { category: 2 })).toEqual({ real: 0, goals: both.goals });
  });
});
