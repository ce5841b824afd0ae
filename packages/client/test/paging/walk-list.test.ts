import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WithingsPagingError } from "../../src/index.js";
import { walkList } from "../../src/internal.js";

// A list server written for this test alone: rows in a fixed order, pages of `size`, and
// the ways the real API's paging can mislead a reader (reference §1.13).
type Offsets = "count" | "page-boundary" | "token";

interface Server {
  rows: number[];
  readonly size: number;
  readonly offsets: Offsets;
  /** Requests (0-based) whose page hides `more`. */
  readonly hidden: ReadonlySet<number>;
  /** Before request n, delete these rows (by value). */
  readonly deletions: ReadonlyMap<number, readonly number[]>;
  /** Requests whose answer leaves out its first row (offsets as if it had been served). */
  readonly omitted: ReadonlySet<number>;
  /** The rows answers left out. */
  readonly leftOut: Set<number>;
  requests: number;
}

interface Body {
  readonly series: { readonly id: number }[];
  readonly more: boolean;
  readonly offset: number;
}

function serve(server: Server, offset: number | undefined): Body {
  const n = server.requests++;
  for (const id of server.deletions.get(n) ?? []) {
    server.rows = server.rows.filter((r) => r !== id);
  }
  let start: number;
  if (server.offsets === "token") {
    // Keyset: the token names the last row served; rows after it follow, deletions or not.
    start = offset === undefined ? 0 : server.rows.findIndex((r) => r > offset - 1_000_000);
    if (start < 0) start = server.rows.length;
  } else {
    start = offset ?? 0;
  }
  const page = server.rows.slice(start, start + server.size);
  const rest = server.rows.length > start + page.length;
  const more = rest && !server.hidden.has(n);
  const shown = server.omitted.has(n) ? page.slice(1) : page;
  if (shown !== page && page[0] !== undefined) server.leftOut.add(page[0]);
  let next: number;
  if (server.offsets === "token") {
    const last = page[page.length - 1];
    next = last === undefined ? (offset ?? 0) : last + 1_000_000;
  } else if (server.offsets === "page-boundary") {
    next = start + server.size;
  } else {
    next = rest ? start + page.length : 0;
  }
  return { series: shown.map((id) => ({ id })), more, offset: next };
}

async function walk(server: Server, pageHint = 0) {
  const read: number[] = [];
  const result = await walkList<Body>(async (offset) => serve(server, offset), {
    listKey: "series",
    pageHint,
    onPage: ({ fresh }) => {
      for (const item of fresh) read.push((item as { id: number }).id);
    },
  });
  return { ...result, read };
}

function server(
  count: number,
  size: number,
  offsets: Offsets,
  options: Partial<Pick<Server, "hidden" | "deletions" | "omitted">> = {},
): Server {
  return {
    rows: Array.from({ length: count }, (_, i) => i),
    size,
    offsets,
    hidden: options.hidden ?? new Set(),
    deletions: options.deletions ?? new Map(),
    omitted: options.omitted ?? new Set(),
    leftOut: new Set(),
    requests: 0,
  };
}

describe("walkList", () => {
  it("reads every row of an honest list, without a probe once the page size is known", async () => {
    const first = await walk(server(25, 10, "count"));
    expect(first.read).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(first.unverified).toBe(false);
    // Pages from one row back: 10 new, 9 new, 6 new after the overlap rows.
    expect(first.requests).toBe(3);
    expect(first.pageHint).toBe(10);

    const again = await walk(server(3, 10, "count"), first.pageHint);
    expect(again.requests).toBe(1);
    expect(again.read).toEqual([0, 1, 2]);
  });

  it("finds rows behind a hidden `more` on a first page shorter than anyone expected", async () => {
    // The defect: 1,000 of 2,500 stored because a first page of 1,000 said "no more".
    const s = server(2500, 1000, "count", { hidden: new Set([0]) });
    const result = await walk(s, 0);
    expect(result.read).toHaveLength(2500);
    expect(result.unverified).toBe(false);
  });

  it("finds rows behind `more` hidden on every page, with offsets of every kind", async () => {
    for (const offsets of ["count", "page-boundary", "token"] as const) {
      const hidden = new Set(Array.from({ length: 50 }, (_, i) => i));
      const result = await walk(server(23, 4, offsets, { hidden }));
      expect(new Set(result.read), offsets).toEqual(
        new Set(Array.from({ length: 23 }, (_, i) => i)),
      );
    }
  });

  it("sees a row that slid behind it when a read row is deleted between two pages", async () => {
    // Rows 0..9, pages of 4: deleting rows 1 and 2 before the second page moves rows 4 and 5
    // onto the first page, already read; the overlap row (3) is then not where it was.
    const s = server(10, 4, "count", { deletions: new Map([[1, [1, 2]]]) });
    const result = await walk(s, 0);
    expect(result.read).not.toContain(4);
    expect(result.unverified).toBe(true);
  });

  it("calls any shift behind it unverified, even one the overlap row absorbed", async () => {
    // One deletion: the overlap re-reads from the row after the last one read, so nothing is
    // missed, but the walk cannot know that without assuming an order.
    const s = server(10, 4, "count", { deletions: new Map([[1, [1]]]) });
    const result = await walk(s, 0);
    expect(new Set(result.read)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(result.unverified).toBe(true);
  });

  it("does not take a full page with a row left out and `more` hidden for the last one", async () => {
    // Pages of 5 rows, known; the second answer leaves a row out and hides `more`: it looks
    // like a short last page, but its offset went past the rows it gave.
    for (const offsets of ["count", "page-boundary"] as const) {
      const s = server(17, 5, offsets, { hidden: new Set([1]), omitted: new Set([1]) });
      const result = await walk(s, 5);
      const expected = Array.from({ length: 17 }, (_, i) => i).filter((i) => i !== 5);
      for (const id of expected) expect(result.read, `${offsets} row ${id}`).toContain(id);
    }
  });

  it("cannot vouch for a one-row page of unknown size: its probe cannot overlap", async () => {
    // Pages of one row, `more` hidden on the first, and the row read deleted before the
    // probe: the second row slides to offset 0 and the probe at offset 1 finds nothing.
    const s = server(2, 1, "count", { hidden: new Set([0]), deletions: new Map([[1, [0]]]) });
    const result = await walk(s, 0);
    expect(result.read).toEqual([0]);
    expect(result.unverified).toBe(true);
  });

  it("stays verified when rows are inserted ahead of it (a shift forward re-reads, never skips)", async () => {
    const s = server(10, 4, "count");
    const result = await walkList<Body>(
      async (offset) => {
        // A new row at the front before the second page.
        if (s.requests === 1) s.rows = [-1, ...s.rows];
        return serve(s, offset);
      },
      { listKey: "series", onPage: () => {} },
    );
    expect(result.unverified).toBe(false);
    expect(result.seen.size).toBe(10);
  });

  it("vouches for a short last page whose probe from one row back finds that row alone", async () => {
    // Page size unknown: the last page could be full, so it is probed from its last row.
    const result = await walk(server(5, 10, "count"));
    expect(result.read).toEqual([0, 1, 2, 3, 4]);
    expect(result.requests).toBe(2);
    expect(result.unverified).toBe(false);
  });

  it("does not end at a probe that holds its anchor alone when the answer left a row out", async () => {
    // Pages of 2 over rows 0..4: the second answer leaves out row 2 and hides `more`.
    const s = server(5, 2, "count", { hidden: new Set([1]) });
    const result = await walkList<Body>(
      async (offset) => {
        const body = serve(s, offset);
        if (s.requests !== 2) return body;
        return { ...body, series: body.series.filter((r) => r.id !== 2) };
      },
      { listKey: "series", onPage: () => {} },
    );
    expect(result.unverified || [3, 4].every((id) => result.seen.has(JSON.stringify({ id })))).toBe(
      true,
    );
  });

  it("throws a paging error when `more` comes without an offset or the offset does not move", async () => {
    const noOffset = walkList<{ series: number[]; more: boolean }>(
      async () => ({ series: [1], more: true }),
      { listKey: "series", onPage: () => {} },
    );
    await expect(noOffset).rejects.toBeInstanceOf(WithingsPagingError);
    const stuck = walkList<Body>(
      async (offset) => ({ series: [{ id: offset ?? 0 }], more: true, offset: offset ?? 0 }),
      {
        listKey: "series",
        onPage: () => {},
      },
    );
    await expect(stuck).rejects.toMatchObject({ code: "WITHINGS_PAGING", problem: "offset-stuck" });
  });

  it("never reports a complete walk while a row that stayed in the list is missing", async () => {
    // Any list, page size (1 included), offset kind, hidden `more` on any pages, rows left
    // out of answers, and deletions before any request: a walk that says it is verified read
    // every row that was never deleted nor left out, and every walk ends.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<Offsets>("count", "page-boundary", "token"),
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 39 })), {
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 12 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
        async (count, size, offsets, hiddenList, deletionList, hint, omittedList) => {
          const deletions = new Map<number, number[]>();
          for (const [at, id] of deletionList)
            deletions.set(at, [...(deletions.get(at) ?? []), id]);
          const deleted = new Set(deletionList.map(([, id]) => id));
          const s = server(count, size, offsets, {
            hidden: new Set(hiddenList),
            deletions,
            omitted: new Set(omittedList),
          });
          const read: number[] = [];
          // A hint above the real page size is a stale hint: not what this property covers.
          const result = await walkList<Body>(async (offset) => serve(s, offset), {
            listKey: "series",
            pageHint: Math.min(hint, size),
            onPage: ({ fresh }) => {
              for (const item of fresh) read.push((item as { id: number }).id);
            },
          });
          // What an answer left out is excused, and only that.
          if (!result.unverified) {
            for (let id = 0; id < count; id++) {
              if (!deleted.has(id) && !s.leftOut.has(id)) expect(read, `row ${id}`).toContain(id);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
