import { afterAll, describe, expect, it } from "vitest";
import { onlyDatasets } from "./helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "./helpers/row-sets.js";
import { sandboxUser } from "./helpers/sandbox-user.js";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 0, 14, 12, 0, 0) / 1000;
const DAY = 86_400;

// A world whose getactivity walk (by `lastupdate`) answers HTTP 500 from `failFrom` on while
// `failing()` says so, every retry included: the walk stops half-way with its first pages
// stored.
function failingWorld(seed: number, pageSize: number, failFrom: number, failing: () => boolean) {
  let world: World | undefined;
  const fetch = async (request: Request): Promise<Response> => {
    const form = new URLSearchParams(await request.clone().text());
    if (
      failing() &&
      form.get("action") === "getactivity" &&
      form.has("lastupdate") &&
      Number(form.get("offset") ?? 0) >= failFrom
    ) {
      return new Response("<html>boom</html>", { status: 500 });
    }
    return world!.sandbox.fetch(request);
  };
  world = createWorld({
    seed,
    sandbox: { startTime: START, pageSizes: { "measure.getactivity": pageSize } },
    client: { fetch },
  });
  return world;
}

function errorOf(report: Awaited<ReturnType<World["engine"]["run"]>>, dataset: string) {
  return report.users[0]!.datasets.find((d) => d.dataset === dataset)?.error;
}

// The sandbox's id of an activity record: one date can hold a record per source.
function activityId(day: { date: string; brand?: number | null; modelid?: number | null }) {
  return `${day.date}|${day.brand ?? ""}|${day.modelid ?? ""}`;
}

async function storedDays(world: World, userId: string): Promise<Map<string, string>> {
  const days = new Map<string, string>();
  for await (const row of world.store.rows({ dataset: "activity", userId })) {
    const day = row as {
      date: string;
      brand: number | null;
      modelid: number | null;
      modified: string;
    };
    days.set(activityId(day), day.modified);
  }
  return days;
}

async function expectComplete(world: World, userId: string): Promise<void> {
  const at = world.sandbox.clock.nowSeconds();
  const cloud = sandboxUser(world.sandbox, 0);
  expect(
    await diffRows(
      onlyDatasets(storedRows(world.store, userId), "activity", "intraday"),
      onlyDatasets(expectedRows(cloud.data, at), "activity", "intraday"),
    ),
  ).toEqual([]);
}

// Detail used to follow a watermark, the newest parent `modified` handled: when the activity
// walk failed half-way after storing an old day edited just before, the days it had not
// reached yet (older `modified`) fell below the watermark once stored, and their intraday
// samples were never fetched. Detail now follows marks written with each parent, and every
// intraday window is fetched at least once.
describe("detail after a parent walk failed half-way", () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it("fetches every day's intraday on the next run (backfill)", async () => {
    let failing = true;
    const world = failingWorld(61, 50, 150, () => failing);
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 1 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    const first = cloud.data.snapshot(START).activity[0]!;
    await cloud.edit({
      op: "edit",
      dataset: "activity",
      id: activityId(first),
      record: { steps: (first.steps ?? 0) + 1 },
    });
    world.sandbox.clock.advance(60);

    const run1 = await world.engine.run({ datasets: ["activity", "intraday"] });
    expect(errorOf(run1, "activity")?.code).toBe("WITHINGS_HTTP");
    expect(errorOf(run1, "intraday")).toBeUndefined();
    // The edited day is stored, with the newest `modified` of all, many days are not.
    const days = await storedDays(world, tokens.userid);
    expect(days.has(activityId(first))).toBe(true);
    expect(days.size).toBeLessThan(cloud.data.snapshot(START).activity.length - 100);
    expect((await world.store.getState(tokens.userid, "activity"))?.cursor ?? null).toBeNull();

    failing = false;
    world.sandbox.clock.advance(15);
    const run2 = await world.engine.run({ datasets: ["activity", "intraday"] });
    expect(run2.ok, JSON.stringify(run2.users[0]?.datasets)).toBe(true);
    await expectComplete(world, tokens.userid);
  }, 60_000);

  it("fetches every day's intraday on the next run (incremental, cursor set)", async () => {
    let failing = false;
    const world = failingWorld(62, 2, 4, () => failing);
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "vitals-study", years: 0.5 });
    await world.client.saveTokens(tokens);
    const cloud = sandboxUser(world.sandbox, 0);
    expect((await world.engine.run({ datasets: ["activity", "intraday"] })).ok).toBe(true);
    const cursor = (await world.store.getState(tokens.userid, "activity"))?.cursor;
    expect(cursor).toBeTypeOf("number");

    // New days arrive, then two old days are edited: the next walk reads the edited days
    // first (days come oldest first), then fails before the new ones.
    world.sandbox.clock.advance(3 * DAY);
    const snap = cloud.data.snapshot(world.sandbox.clock.nowSeconds());
    for (const day of snap.activity.slice(0, 2)) {
      await cloud.edit({
        op: "edit",
        dataset: "activity",
        id: activityId(day),
        record: { steps: (day.steps ?? 0) + 1 },
      });
    }
    world.sandbox.clock.advance(60);
    failing = true;
    const run1 = await world.engine.run({ datasets: ["activity", "intraday"] });
    expect(errorOf(run1, "activity")?.code).toBe("WITHINGS_HTTP");
    expect(errorOf(run1, "intraday")).toBeUndefined();
    expect((await world.store.getState(tokens.userid, "activity"))?.cursor).toBe(cursor);
    const days = await storedDays(world, tokens.userid);
    expect(days.get(activityId(snap.activity[0]!))).not.toBe(snap.activity[0]!.modified);

    failing = false;
    world.sandbox.clock.advance(15);
    const run2 = await world.engine.run({ datasets: ["activity", "intraday"] });
    expect(run2.ok, JSON.stringify(run2.users[0]?.datasets)).toBe(true);
    await expectComplete(world, tokens.userid);
  }, 60_000);
});
