import { afterAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./helpers/setup.js";

const START = Date.UTC(2026, 6, 1, 12, 0, 0) / 1000;
const DAY = 86_400;

function reconciled(report: Awaited<ReturnType<World["engine"]["run"]>>) {
  return report.users[0]!.datasets.filter((d) => d.reconciled).map((d) => d.dataset);
}

describe("the deletion reconcile", () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it("runs once a day, or when a run asks for it, not after a backfill", async () => {
    const world = createWorld({ seed: 41, sandbox: { startTime: START } });
    worlds.push(world);
    await world.client.saveTokens(world.sandbox.createUser({ profile: "scale-only", years: 1 }));
    expect(reconciled(await world.engine.run())).toEqual([]);
    world.sandbox.clock.advance(12 * 3600);
    expect(reconciled(await world.engine.run())).toEqual([]);
    world.sandbox.clock.advance(60);
    const forced = await world.engine.run({ reconcileDays: 10 });
    expect(reconciled(forced)).toEqual([
      "measures",
      "objectives",
      "activity",
      "workouts",
      "sleep_summaries",
      "ecg",
    ]);
    // A list walk plus a re-read, whose last page, if it has rows, is probed once (no page
    // size is assumed): two or three requests per list.
    for (const d of forced.users[0]!.datasets) {
      if (d.reconciled) expect([2, 3], d.dataset).toContain(d.requests);
    }
    world.sandbox.clock.advance(DAY - 60);
    expect(reconciled(await world.engine.run())).toEqual([]);
    world.sandbox.clock.advance(120);
    expect(reconciled(await world.engine.run())).toEqual([
      "measures",
      "objectives",
      "activity",
      "workouts",
      "sleep_summaries",
      "ecg",
    ]);
  }, 60_000);

  it("does not take a re-read cut short for mass deletion", async () => {
    let cut = 0;
    let reads = 0;
    let world: World | undefined;
    // The first re-read of measures by date comes back with two groups and "no more".
    const fetch = async (request: Request): Promise<Response> => {
      const form = new URLSearchParams(await request.clone().text());
      const response = await world!.sandbox.fetch(request);
      if (form.get("action") !== "getmeas" || form.has("category") || !form.has("startdate"))
        return response;
      if (reads++ > 0) return response;
      cut++;
      const json = (await response.json()) as { body: { measuregrps: unknown[]; more: number } };
      json.body.measuregrps = json.body.measuregrps.slice(0, 2);
      json.body.more = 0;
      return new Response(JSON.stringify(json), {
        headers: { "content-type": "application/json" },
      });
    };
    world = createWorld({ seed: 42, sandbox: { startTime: START }, client: { fetch } });
    worlds.push(world);
    const tokens = world.sandbox.createUser({ profile: "scale-only", years: 1 });
    await world.client.saveTokens(tokens);
    await world.engine.run();
    const before = (await world.store.counts(tokens.userid)).measures;
    world.sandbox.clock.advance(60);
    const report = await world.engine.run({ reconcileDays: 30 });
    const measures = report.users[0]!.datasets.find((d) => d.dataset === "measures")!;
    // The cut page still says where the rows went on (its offset is past the two rows it
    // holds), so the walk probes there; a walk continued past an offset that is not a row
    // count cannot vouch for itself, so the range is read until two reads agree, each with
    // the probe of its last page (a page size learnt earlier is not trusted).
    expect([cut, reads]).toEqual([1, 6]);
    expect(measures.deleted).toBe(0);
    expect(measures.requests).toBe(7);
    expect((await world.store.counts(tokens.userid)).measures).toBe(before);
    // The confirming re-read is not the identical request the API refuses within 10 s.
    expect(world.sandbox.stats().tooManyRequests.total).toBe(0);
  }, 60_000);
});
