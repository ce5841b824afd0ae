import { afterAll, describe, expect, it } from "vitest";
import { onlyDatasets } from "./helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "./helpers/row-sets.js";
import { sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 0, 14, 12, 0, 0) / 1000;
const DAY = 86_400;

interface PageBody {
  measuregrps: { grpid: number; date: number }[];
  more: number;
  offset?: number;
}

/**
 * What a glitch does to a getmeas answer: the request's form, its answer, the answer of the
 * previous getmeas request, and the request's number (0 first) since the world was armed.
 * Returns the body to answer instead, or `undefined` to leave the answer alone.
 */
type Glitch = (
  form: URLSearchParams,
  body: PageBody,
  previous: PageBody | undefined,
  n: number,
) => PageBody | undefined;

// A world whose getmeas answers (small pages, so that a year is many of them) pass through
// `glitch` while `armed` says so.
function glitchedWorld(seed: number, glitch: Glitch, armed: () => boolean): World {
  let world: World | undefined;
  let previous: PageBody | undefined;
  let n = 0;
  const fetch = async (request: Request): Promise<Response> => {
    const form = new URLSearchParams(await request.clone().text());
    const response = await world!.sandbox.fetch(request);
    if (form.get("action") !== "getmeas" || !armed()) return response;
    const json = (await response.json()) as { status: number; body: PageBody };
    const replaced = json.status === 0 ? glitch(form, json.body, previous, n++) : undefined;
    previous = json.body;
    return new Response(
      JSON.stringify(replaced === undefined ? json : { ...json, body: replaced }),
      {
        headers: { "content-type": "application/json" },
      },
    );
  };
  world = createWorld({
    seed,
    sandbox: { startTime: START, pageSizes: { "measure.getmeas": 100 } },
    client: { fetch },
  });
  return world;
}

function measuresOf(report: Awaited<ReturnType<World["engine"]["run"]>>) {
  return report.users[0]!.datasets.find((d) => d.dataset === "measures")!;
}

async function groupsStored(world: World, userId: string): Promise<number> {
  const grpids = new Set<number>();
  for await (const row of world.store.rows({ dataset: "measures", userId })) {
    grpids.add((row as { grpid: number }).grpid);
  }
  return grpids.size;
}

describe("a list walk that ends on a paging anomaly", () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  // Each glitch hits the walk once, on its second page. A walk that counted as complete
  // there would move its cursor past every group it never read, so that no later
  // incremental run found them.
  const glitches: [string, string, Glitch][] = [
    [
      "more-without-offset",
      "a page said there is more but gave no offset",
      (_form, body, _previous, n) => {
        if (n !== 1) return undefined;
        const { offset: _dropped, ...rest } = body;
        return rest;
      },
    ],
    [
      "offset-stuck",
      "the next offset is the one just asked",
      (form, body, _previous, n) =>
        n === 1 ? { ...body, offset: Number(form.get("offset")) } : undefined,
    ],
  ];

  it.each(glitches)(
    "fails the dataset on %s, keeps the cursor, and a later run stores every group",
    async (_name, text, glitch) => {
      let armed = true;
      const world = glitchedWorld(51, glitch, () => armed);
      worlds.push(world);
      const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 1 });
      await world.client.saveTokens(tokens);
      const cloud = sandboxUser(world.sandbox, 0);
      const total = cloud.data.snapshot(START).measures.filter((g) => g.category === 1).length;
      expect(total).toBeGreaterThan(400);

      const failed = measuresOf(await world.engine.run({ datasets: ["measures"] }));
      expect(failed.cursor).toBeNull();
      expect((await world.store.getState(tokens.userid, "measures"))?.cursor ?? null).toBeNull();
      expect(failed.error?.code).toBe("WITHINGS_PAGING");
      expect(failed.error?.message).toContain(text);
      // What was read before the anomaly stays stored: it is correct, only incomplete.
      const partial = await groupsStored(world, tokens.userid);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(total);

      armed = false;
      world.sandbox.clock.advance(3 * DAY);
      const clean = await world.engine.run({ datasets: ["measures"] });
      expect(clean.ok, JSON.stringify(measuresOf(clean).error)).toBe(true);
      const at = world.sandbox.clock.nowSeconds();
      expect(
        await diffRows(
          onlyDatasets(storedRows(world.store, tokens.userid), "measures"),
          onlyDatasets(expectedRows(cloud.data, at), "measures"),
        ),
      ).toEqual([]);
    },
    60_000,
  );

  it("reads through a repeated page and proves the walk by reading it again", async () => {
    // The third answer repeats the second: its offset is not where the walk stood, so the
    // walk goes on from it without an overlap and cannot vouch for what followed; a second
    // read that agrees with the first proves it complete.
    const world = glitchedWorld(
      53,
      (_form, _body, previous, n) => (n === 2 ? previous : undefined),
      () => true,
    );
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 1 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    const before = world.sandbox.stats().requests.total;
    const report = await world.engine.run({ datasets: ["measures"] });
    expect(report.ok, JSON.stringify(measuresOf(report).error)).toBe(true);
    expect(measuresOf(report).cursor).not.toBeNull();
    const groups = cloud.data.snapshot(START).measures.filter((g) => g.category === 1).length;
    // Two reads of about groups / 99 pages each.
    expect(world.sandbox.stats().requests.total - before).toBeGreaterThan((2 * groups) / 100);
    const at = world.sandbox.clock.nowSeconds();
    expect(
      await diffRows(
        onlyDatasets(storedRows(world.store, tokens.userid), "measures"),
        onlyDatasets(expectedRows(cloud.data, at), "measures"),
      ),
    ).toEqual([]);
  }, 60_000);

  it("deletes nothing when the reconcile's re-read ends on one", async () => {
    let armed = false;
    // Every re-read by date says "more" on its first page but gives no offset, the
    // confirming re-read included.
    const world = glitchedWorld(
      52,
      (form, body) => {
        if (!form.has("startdate") || form.has("offset") || !body.more) return undefined;
        const { offset: _dropped, ...rest } = body;
        return rest;
      },
      () => armed,
    );
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 1 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    expect((await world.engine.run({ datasets: ["measures"] })).ok).toBe(true);

    // One group really deleted, so that a complete reconcile has something to delete.
    const now = world.sandbox.clock.nowSeconds();
    const recent = cloud.data
      .snapshot(now)
      .measures.filter((g) => g.category === 1 && g.date > now - 20 * DAY);
    // More than one page inside the window: a re-read cut after its first page would make
    // many live groups look deleted.
    expect(recent.length).toBeGreaterThan(100);
    await cloud.edit({ op: "delete", dataset: "measures", id: recent[0]!.grpid });
    const before = await world.store.counts(tokens.userid);

    armed = true;
    world.sandbox.clock.advance(60);
    const failed = measuresOf(
      await world.engine.run({ datasets: ["measures"], reconcileDays: 30 }),
    );
    expect(failed.deleted).toBe(0);
    expect(await world.store.counts(tokens.userid)).toEqual(before);
    expect(failed.error?.code).toBe("WITHINGS_PAGING");
    expect(failed.error?.message).toContain("no offset");

    armed = false;
    world.sandbox.clock.advance(60);
    const clean = measuresOf(await world.engine.run({ datasets: ["measures"], reconcileDays: 30 }));
    expect(clean.error).toBeUndefined();
    expect(clean.reconciled).toBe(true);
    expect(clean.deleted).toBeGreaterThan(0);
    const at = world.sandbox.clock.nowSeconds();
    expect(
      await diffRows(
        onlyDatasets(storedRows(world.store, tokens.userid), "measures"),
        onlyDatasets(expectedRows(cloud.data, at), "measures"),
      ),
    ).toEqual([]);
  }, 60_000);
});
