// The proof of docs/sync-guarantees.md: random clouds (every switch of CloudBehaviour, and
// faults), random histories (changes of every kind over ~400 days, time, runs of every kind,
// interruptions, kills, restarts, concurrent runs, stale leases), and after every run the
// invariants of `invariants.ts`; at the end of every history, the eventual check. Settings
// (budget, replay) are in `model-settings.ts`.
import fc from "fast-check";
import { it } from "vitest";
import { worldConfig } from "./cloud-profile.js";
import { eventually, historyCommands, type Model } from "./commands.js";
import { MODEL, searchParameters } from "./model-settings.js";
import { World } from "./world.js";

// The property over a world and a history. `replayPath` is the commands' own replay hint:
// with it, a seed and a path lead back to a shrunk history.
function property(replayPath: string | undefined) {
  // A replay runs the case at its path alone. Once that case passes (the fix works),
  // fast-check would go on with every other shrink of its parent: those are left undone.
  let replayed = false;
  return fc.asyncProperty(
    worldConfig(),
    historyCommands(MODEL.maxCommands, replayPath),
    async (config, commands) => {
      if (MODEL.path !== undefined && replayed) return;
      replayed = true;
      const world = await World.create(config);
      try {
        await fc.asyncModelRun(() => ({ model: {} as Model, real: world }), commands);
        await eventually(world);
      } finally {
        await world.close();
      }
    },
  );
}

// fast-check prints a command list with its replay hint as `/*replayPath="…"*/`.
function replayPathOf(counterexample: unknown): string | undefined {
  return /replayPath="([^"]*)"/.exec(fc.stringify(counterexample))?.[1];
}

/**
 * Declares the search as a test of the file `file` (its name, for the replay line). The
 * search is split into files so that vitest runs the parts on every core at once; `part`
 * keeps their seeds apart.
 */
export function searchGuarantee(file: string, part: number): void {
  it(
    "keeps docs/sync-guarantees.md against random clouds and histories",
    async () => {
      const started = performance.now();
      let details = await fc.check(property(MODEL.replayPath), searchParameters(part));
      // A replay runs one case, whatever fast-check counted (see `property`).
      let cases = MODEL.path === undefined ? details.numRuns : 1;
      let replayPath = MODEL.replayPath ?? replayPathOf(details.counterexample);
      // The budget cut the shrinking short: go on from where it stopped.
      if (details.failed && details.interrupted && details.counterexamplePath !== null) {
        details = await fc.check(property(replayPath), {
          seed: details.seed,
          path: details.counterexamplePath,
          plugins: [fc.interruptAfterTimeLimit(MODEL.shrinkMs)],
        });
        replayPath = replayPathOf(details.counterexample) ?? replayPath;
        cases += details.numRuns;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `sync model (${file}): ${cases} cases in ${seconds} s (seed ${details.seed})\n`,
      );
      if (details.failed) {
        const replay = `SYNC_MODEL_SEED=${details.seed} SYNC_MODEL_PATH="${details.counterexamplePath}" SYNC_MODEL_REPLAY="${replayPath ?? ""}"`;
        const error = details.errorInstance;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        throw new Error(
          `${fc.defaultReportMessage(details)}\n\n${message}\n\nReplay: ${replay} npx vitest run packages/sync/test/model/${file}`,
        );
      }
    },
    MODEL.testTimeoutMs,
  );
}
