// The harness can fail: each invariant is shown to catch an engine broken on purpose (by
// its options, or by a store between it and the database), without touching engine code.
// A harness whose checks never fire would prove nothing.
import type { Store, StoreBatch, StoredRow } from "@withings-kit/sync";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { ChangeSpec } from "./changes.js";
import {
  Advance,
  Change,
  Concurrent,
  eventually,
  type Model,
  PLAIN_RUN,
  Run,
  StaleLease,
} from "./commands.js";
import { checkNeverWorse, InvariantError } from "./invariants.js";
import { World, type WorldConfig, type WorldOverrides } from "./world.js";

// A cloud that tells no lies, a right clock, no faults: only the broken engine can fail.
const QUIET: WorldConfig = {
  seed: 7,
  start: Date.UTC(2026, 2, 10, 12) / 1000,
  zone: "UTC",
  vitalsYears: null,
  cloud: {},
  faults: null,
  concurrency: 1,
  clientOffsetSeconds: 0,
  fileStore: false,
};

const model = {} as Model;
const GRPID = 2 ** 31 + 1;

const oldWeighIn = (daysAgo: number): Extract<ChangeSpec, { kind: "measure-add" }> => ({
  kind: "measure-add",
  user: 0,
  when: { daysAgo, second: 0 },
  category: 1,
  grpid: GRPID,
  measures: [{ type: 0, value: 72_000, position: "none" }],
  repeatFirst: false,
  zone: null,
  attrib: 2,
});
const deleteFirstGroup: ChangeSpec = { kind: "measure-delete", user: 0, pick: 0 };

// A store that behaves like `store` except for how it applies batches.
function withApply(store: Store, apply: (batch: StoreBatch) => StoreBatch): Store {
  return {
    apply: (batch) => store.apply(apply(batch)),
    getState: (u, d) => store.getState(u, d),
    recordKeys: (u, d, f, t) => store.recordKeys(u, d, f, t),
    rows: (q) => store.rows(q),
    counts: (u) => store.counts(u),
    users: () => store.users(),
    units: (u, d, o) => store.units(u, d, o),
    lock: (u, h, o) => store.lock(u, h, o),
    unlock: (u, h) => store.unlock(u, h),
    close: () => store.close(),
  };
}

function mapUpserts(store: Store, f: (row: StoredRow) => StoredRow | undefined): Store {
  return withApply(store, (batch) =>
    batch.dataset !== "measures" || batch.upsert === undefined
      ? batch
      : { ...batch, upsert: batch.upsert.flatMap((row) => f(row) ?? []) },
  );
}

function grpidOf(row: StoredRow): unknown {
  return (row as { grpid?: unknown }).grpid;
}

describe("the model harness", () => {
  const worlds: World[] = [];
  const world = async (overrides?: WorldOverrides) => {
    const w = await World.create(QUIET, overrides);
    worlds.push(w);
    return w;
  };
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });

  it("eventual: catches an old deletion that an engine without the sweep never reflects", async () => {
    const history = async (w: World) => {
      await new Change(oldWeighIn(200)).run(model, w);
      await new Run(PLAIN_RUN).run(model, w);
      await new Change(deleteFirstGroup).run(model, w);
      await new Advance(3600).run(model, w);
      await new Run(PLAIN_RUN).run(model, w);
    };
    // The control: the engine as configured by default reflects it (the sweep).
    const control = await world();
    await history(control);
    await expect(eventually(control)).resolves.toBeUndefined();
    // Outside the 30-day reconcile window, only the sweep re-reads it.
    const broken = await world({ engine: { sweepDays: 0 } });
    await history(broken);
    await expect(eventually(broken)).rejects.toThrow(/^\[eventual\]/);
  }, 60_000);

  it("run: catches a run that reports ok without storing a record", async () => {
    const w = await world({
      wrapStore: (s) => mapUpserts(s, (r) => (grpidOf(r) === GRPID ? undefined : r)),
    });
    await new Change(oldWeighIn(3)).run(model, w);
    await expect(new Run(PLAIN_RUN).run(model, w)).rejects.toThrow(/^\[run\]/);
  }, 60_000);

  it("never-worse: catches a stored row no truth ever had", async () => {
    const corrupt = (r: StoredRow) =>
      grpidOf(r) === GRPID ? ({ ...r, rawValue: 71_999 } as StoredRow) : r;
    const w = await world({ wrapStore: (s) => mapUpserts(s, corrupt) });
    await new Change(oldWeighIn(3)).run(model, w);
    await w.run(w.engine, { users: w.users.map((u) => u.id) }, "run");
    await expect(checkNeverWorse(w)).rejects.toThrow(/^\[never-worse\]/);
  }, 60_000);

  it("busy: catches two runs of one user that both go ahead", async () => {
    // A lease that is always granted: nothing keeps the second run out.
    const w = await world({
      wrapStore: (s) => ({ ...withApply(s, (b) => b), lock: async () => ({ acquired: true }) }),
    });
    await new Change(oldWeighIn(3)).run(model, w);
    await expect(new Concurrent(0, 0, false).run(model, w)).rejects.toThrow(/^\[busy\]/);
  }, 60_000);

  it("lease: catches a run that does not take over the lease of a dead run", async () => {
    // A store that never lets a lease be stolen.
    const w = await world({
      wrapStore: (s) => ({
        ...withApply(s, (b) => b),
        lock: (u, h, o) =>
          o.steal === undefined
            ? s.lock(u, h, o)
            : s.lock(u, h, { now: o.now, leaseSeconds: o.leaseSeconds }),
      }),
    });
    await expect(new StaleLease(0, "dead-here").run(model, w)).rejects.toThrow(/^\[lease\]/);
  }, 60_000);

  it("the property finds and shrinks a failure of an engine without the sweep", async () => {
    // Histories of weigh-ins, deletions, time and runs: the search must find an old
    // deletion that is never reflected, and shrink it to one.
    const command = fc.oneof(
      fc.integer({ min: 31, max: 400 }).map((d) => new Change({ ...oldWeighIn(d), grpid: null })),
      fc.nat({ max: 5 }).map((pick) => new Change({ kind: "measure-delete", user: 0, pick })),
      fc.integer({ min: 60, max: 86_400 }).map((s) => new Advance(s)),
      fc.constant(new Run(PLAIN_RUN)),
    );
    const details = await fc.check(
      fc.asyncProperty(fc.commands([command], { maxCommands: 8 }), async (commands) => {
        const w = await World.create(QUIET, { engine: { sweepDays: 0 } });
        try {
          await fc.asyncModelRun(() => ({ model, real: w }), commands);
          await eventually(w);
        } finally {
          await w.close();
        }
      }),
      { seed: 42, numRuns: 60 },
    );
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(InvariantError);
    expect((details.errorInstance as InvariantError).check).toBe("eventual");
    const shrunk = fc.stringify(details.counterexample);
    expect(shrunk).toContain("measure-delete");
  }, 240_000);
});
