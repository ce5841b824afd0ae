// Every setting of the model-based test, in one place: fast-check's parameters, the time
// budget, the size of a case, and the switches that replay a failure.
//
//   SYNC_MODEL_SECONDS   time budget of each part of the search, seconds (default 480)
//   SYNC_MODEL_RUNS      cases at most (default: as many as the budget allows)
//   SYNC_MODEL_SEED      the seed of a failure to replay (printed with every failure)
//   SYNC_MODEL_PATH      its path (printed with it); with the seed, replays the shrunk case
//   SYNC_MODEL_REPLAY    the commands' replayPath fast-check prints in the counterexample
//   SYNC_MODEL_SHRINK_SECONDS  extra time to go on shrinking a failure found late (default 300)
import fc from "fast-check";

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${text}`);
  return value;
}

// Two parts side by side, 480 s each: a few thousand cases per run of the suite on two
// shared cores, and CI, which also runs the browser, export and PostgreSQL suites, stays
// well under its 30 minutes. Longer searches are a nightly job (see README.md here).
const seconds = envNumber("SYNC_MODEL_SECONDS") ?? 480;
const seed = envNumber("SYNC_MODEL_SEED");
const path = process.env["SYNC_MODEL_PATH"];

/** The settings of one property run. */
export const MODEL = Object.freeze({
  /** Milliseconds of search; the count of cases follows from it (never the verdict). */
  budgetMs: seconds * 1000,
  /** Milliseconds more to shrink a failure the budget cut short. */
  shrinkMs: (envNumber("SYNC_MODEL_SHRINK_SECONDS") ?? 300) * 1000,
  /** Cases at most; unbounded by default, the budget decides. */
  numRuns: envNumber("SYNC_MODEL_RUNS") ?? 10_000_000,
  /** A fresh seed per run unless one is replayed. */
  seed: seed ?? (Date.now() ^ (process.pid << 8)) >>> 0,
  path,
  replayPath: process.env["SYNC_MODEL_REPLAY"],
  /** Commands per history: a few dozen at most, so that a case stays cheap. */
  maxCommands: 24,
  /** Vitest's timeout for the property: the budget, the shrinking, and a margin. */
  testTimeoutMs: seconds * 1000 + (envNumber("SYNC_MODEL_SHRINK_SECONDS") ?? 300) * 1000 + 120_000,
});

/** fast-check's parameters for the search (or, with a seed and a path, the replay). */
export function searchParameters(part = 0): fc.Parameters<unknown> {
  if (MODEL.path !== undefined) {
    // A replay goes straight to the shrunk case and shows it.
    return { seed: MODEL.seed, path: MODEL.path, endOnFailure: true };
  }
  // A search stops on the time budget, never on a count: the verdict does not depend on
  // how fast the machine is, only how much is explored.
  return {
    // Each part its own seeds, unless one was given to replay.
    seed: seed === undefined ? (MODEL.seed + part * 0x9e3779b1) >>> 0 : MODEL.seed,
    numRuns: MODEL.numRuns,
    plugins: [fc.interruptAfterTimeLimit(MODEL.budgetMs)],
  };
}
