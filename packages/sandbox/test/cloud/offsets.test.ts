import { afterEach, describe, expect, it } from "vitest";
import { LIST_ACTION_KEYS } from "../../src/cloud/list-action-key.js";
import { SandboxParamError } from "../../src/data/index.js";
import type { OffsetStyle } from "../../src/types/cloud-behaviour.js";
import type { Sandbox } from "../../src/types/sandbox.js";
import { post, testSandbox } from "../_helpers.js";
import { NOW } from "../data/helpers.js";
import { cloudUser, page, RECENT, rowId, walkPages } from "./_cloud-helpers.js";

const AT = NOW + 600; // the deletion happens between two page requests
const RANGE = { startdate: NOW - 60 * 86_400, enddate: NOW };

// A reader that follows the offsets it is given, reading page 2 after a deletion of a row it
// has already read on page 1.
function readAcrossDeletion(offsets: OffsetStyle) {
  const user = cloudUser({ offsets, pageSizes: { "measure.getmeas": 5 } }, "scale-only");
  const truth = walkPages(user, "measure.getmeas", RANGE).flatMap((p) =>
    p.rows.map((r) => r.grpid),
  );
  const first = page(user, "measure.getmeas", RANGE, undefined);
  const gone = first.rows[1]!.grpid as number;
  user.apply({ op: "delete", dataset: "measures", id: gone }, AT);
  const second = page(user, "measure.getmeas", RANGE, first.offset, AT);
  return { truth, first, second, gone };
}

describe('offsets: "count" (the default): live row counts', () => {
  it("answers the rows served so far, and a deletion behind the reader skips a row", () => {
    const { truth, first, second, gone } = readAcrossDeletion("count");
    expect(truth.length).toBeGreaterThan(10);
    expect(first.offset).toBe(5);
    expect(first.more).toBe(1);
    // Everything slid one place back: the reader never sees the sixth row.
    expect(second.rows.map((r) => r.grpid)).toEqual(truth.slice(6, 11));
    const read = [...first.rows, ...second.rows].map((r) => r.grpid);
    expect(read).not.toContain(truth[5]);
    expect(truth[5]).not.toBe(gone);
  });

  it("counts on the last page too: the request's offset plus the rows served", () => {
    const user = cloudUser({ pageSizes: { "measure.getmeas": 5 } }, "scale-only");
    const pages = walkPages(user, "measure.getmeas", RANGE);
    const rows = pages.reduce((n, p) => n + p.rows.length, 0);
    expect(pages.at(-1)!.offset).toBe(rows);
    expect(page(user, "measure.getmeas", RANGE, rows + 50)).toEqual({
      rows: [],
      more: 0,
      offset: rows + 50,
    });
  });
});

describe('offsets: "token": keyset cursors', () => {
  it("is immune to a deletion behind the reader", () => {
    const { truth, first, second, gone } = readAcrossDeletion("token");
    expect(second.rows.map((r) => r.grpid)).toEqual(truth.slice(5, 10));
    expect([...first.rows, ...second.rows].map((r) => r.grpid)).toEqual(truth.slice(0, 10));
    expect(truth).toContain(gone);
  });

  it("answers opaque ten-digit integers, the same one for the same position", () => {
    const user = cloudUser({ offsets: "token", pageSizes: { "heart.list": 3 } });
    const a = page(user, "heart.list", {}, undefined);
    const b = page(user, "heart.list", {}, undefined);
    expect(a.offset).toBe(b.offset);
    expect(String(a.offset)).toMatch(/^\d{10}$/);
    expect(a.offset).not.toBe(3);
  });

  for (const key of LIST_ACTION_KEYS) {
    it(`${key}: walks the same rows as counted offsets`, () => {
      const counted = walkPages(cloudUser({ pageSizes: { [key]: 4 } }), key, RECENT[key]);
      const tokens = walkPages(
        cloudUser({ offsets: "token", pageSizes: { [key]: 4 } }),
        key,
        RECENT[key],
      );
      expect(tokens.flatMap((p) => p.rows.map((r) => rowId(key, r)))).toEqual(
        counted.flatMap((p) => p.rows.map((r) => rowId(key, r))),
      );
    });
  }

  it("refuses a token it never gave, or one of another list", () => {
    const user = cloudUser({
      offsets: "token",
      pageSizes: { "heart.list": 3, "measure.getmeas": 3 },
    });
    expect(() => page(user, "heart.list", {}, 200)).toThrow(SandboxParamError);
    const heart = page(user, "heart.list", {}, undefined);
    expect(() => page(user, "measure.getmeas", {}, heart.offset)).toThrow(/invalid offset/);
  });
});

describe('offsets: "page-boundary"', () => {
  it("answers offset + page size even on a short last page (`more: false, offset: 200` beside 2 rows)", () => {
    const user = cloudUser(
      { offsets: "page-boundary", pageSizes: { "measure.getmeas": 7 } },
      "scale-only",
    );
    const pages = walkPages(user, "measure.getmeas", RANGE);
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, p] of pages.entries()) expect(p.offset).toBe(7 * (i + 1));
    const last = pages.at(-1)!;
    const total = pages.reduce((n, p) => n + p.rows.length, 0);
    expect(total % 7).not.toBe(0); // the seeded range ends on a short page
    expect(last.rows).toHaveLength(total % 7);
    expect(last.offset).toBe(7 * pages.length);
    expect(last.more).toBe(0);
  });
});

describe("offsets over HTTP", () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  it("answers an unknown token with Invalid Params (503)", async () => {
    sandbox = testSandbox({ cloud: { offsets: "token", pageSizes: { "heart.list": 2 } } });
    const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
    const bad = await post(sandbox, "/v2/heart", { action: "list", offset: "12" }, access_token);
    expect(bad).toEqual({ status: 503, body: {}, error: "Invalid Params: invalid offset 12" });
    const first = await post(sandbox, "/v2/heart", { action: "list" }, access_token);
    const next = await post(
      sandbox,
      "/v2/heart",
      { action: "list", offset: String(first.body["offset"]) },
      access_token,
    );
    expect(next.status).toBe(0);
    expect(next.body["series"]).toHaveLength(2);
  });
});
