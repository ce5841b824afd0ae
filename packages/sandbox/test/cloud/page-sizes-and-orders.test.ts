import { WithingsArgumentError } from "@withings-kit/client";
import { describe, expect, it } from "vitest";
import { LIST_ACTION_KEYS } from "../../src/cloud/list-action-key.js";
import { SandboxParamError } from "../../src/data/index.js";
import { NOW } from "../data/helpers.js";
import { cloudUser, page, RECENT, rowId, walkPages } from "./_cloud-helpers.js";

describe("pageSizes: any size per list action, 1 included (§9.1)", () => {
  const reference = cloudUser({});

  for (const key of LIST_ACTION_KEYS) {
    it(`${key}: pages of 1 and of 7 hold the same rows in the same order as one big page`, () => {
      const whole = walkPages(reference, key, RECENT[key]).flatMap((p) =>
        p.rows.map((r) => rowId(key, r)),
      );
      expect(whole.length).toBeGreaterThan(7); // enough rows for several odd pages
      for (const size of [1, 7]) {
        const user = cloudUser({ pageSizes: { [key]: size } });
        const pages = walkPages(user, key, RECENT[key]);
        expect(pages.flatMap((p) => p.rows.map((r) => rowId(key, r)))).toEqual(whole);
        pages.forEach((p, i) => {
          if (i < pages.length - 1) expect(p.rows).toHaveLength(size);
          else expect(p.rows.length).toBeLessThanOrEqual(size);
        });
        // `more` looks one row ahead: a last page that is full says so.
        expect(pages).toHaveLength(Math.ceil(whole.length / size));
      }
    });
  }

  it("refuses a size that is not a positive integer", () => {
    for (const size of [0, 2.5]) {
      const make = () => cloudUser({ pageSizes: { "heart.list": size } });
      expect(make).toThrow(WithingsArgumentError);
      expect(make).toThrow(
        expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_VALUE" }),
      );
    }
    expect(() => cloudUser({ pageSizes: { "sleep.get": 3 } as never })).toThrow(
      /not a list action/,
    );
  });
});

describe("sortOrders: either order per list action (§9.2)", () => {
  for (const key of LIST_ACTION_KEYS) {
    it(`${key}: newest-first is oldest-first reversed, page by page`, () => {
      const newest = cloudUser({ sortOrders: { [key]: "newest-first" }, pageSizes: { [key]: 5 } });
      const oldest = cloudUser({ sortOrders: { [key]: "oldest-first" }, pageSizes: { [key]: 5 } });
      const a = walkPages(newest, key, RECENT[key]).flatMap((p) =>
        p.rows.map((r) => rowId(key, r)),
      );
      const b = walkPages(oldest, key, RECENT[key]).flatMap((p) =>
        p.rows.map((r) => rowId(key, r)),
      );
      expect(a.length).toBeGreaterThan(5);
      expect(a).toEqual([...b].reverse());
      expect(a).not.toEqual(b);
    });
  }

  it("walks getmeas oldest first over a history generated on demand", () => {
    const user = cloudUser({ sortOrders: { "measure.getmeas": "oldest-first" } }, "scale-only", 2);
    const first = page(user, "measure.getmeas", {}, undefined);
    const dates = first.rows.map((r) => r["date"] as number);
    expect(dates).toEqual([...dates].sort((x, y) => x - y));
    expect(dates[0]).toBeLessThan(NOW - 600 * 86_400); // the oldest of two years comes first
    expect(first.rows.length).toBe(user.snapshot(NOW).measures.length); // one page of 4096
  });

  it("refuses an unknown order", () => {
    expect(() => cloudUser({ sortOrders: { "heart.list": "random" as never } })).toThrow(
      /newest-first or oldest-first/,
    );
    expect(() => page(cloudUser({}), "heart.list", {}, -1)).toThrow(SandboxParamError);
  });
});
