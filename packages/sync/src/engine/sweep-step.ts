/**
 * Where the history sweep of one dataset stands: the pass under way covers `[FLOOR,
 * passStart)` (all history up to the pass's start) and has re-read it up to `through`.
 *
 * @example
 * ```ts
 * const s: SweepState = { passStart: 1_767_225_600, through: 1_500_000_000 };
 * ```
 */
export interface SweepState {
  /** Epoch seconds (cloud time) when the pass began; it covers history before it. */
  readonly passStart: number;
  /** Epoch seconds: the pass has re-read `[FLOOR, through)`. */
  readonly through: number;
}

/**
 * What one run's sweep does: a stretch to re-read (if any), and the state after it.
 *
 * @example
 * ```ts
 * const step: SweepStep = { read: { from: 1_199_145_600, to: 1_300_000_000 }, next };
 * ```
 */
export interface SweepStep {
  readonly read?: { readonly from: number; readonly to: number };
  readonly next: SweepState;
}

/**
 * The oldest instant the sweep re-reads: 2008-01-01, before the first Withings device.
 * Empty years cost one request each pass, whatever their length.
 *
 * @example
 * ```ts
 * new Date(SWEEP_FLOOR * 1000).toISOString(); // "2008-01-01T00:00:00.000Z"
 * ```
 */
export const SWEEP_FLOOR = 1_199_145_600;

/** A pass moves in at most this many steps, whatever the run schedule. */
const STEPS_PER_PASS = 4;

/**
 * Plans the history sweep's step for a run at `now` (epoch seconds, cloud time). A pass
 * re-reads all history before its start, oldest first, in half of `sweepDays`: it advances
 * in proportion to the time elapsed since it began, in steps of at least a quarter of it
 * (so that frequent runs do not each pay a request per dataset for a sliver), and the next
 * pass starts at the first run after it ends. A change anywhere in the history is therefore
 * re-read within `sweepDays` — at worst it falls just behind one pass and is reached by the
 * next — as long as runs happen at least every eighth of `sweepDays`.
 *
 * A missing or unreadable state starts a pass at `now`.
 *
 * @example
 * ```ts
 * sweepStep({ passStart: now - 2 * 86_400, through: SWEEP_FLOOR }, now, 7).read;
 * // { from: SWEEP_FLOOR, to: SWEEP_FLOOR + (now - 2 * 86_400 - SWEEP_FLOOR) * 4 / 7 }
 * ```
 */
export function sweepStep(state: unknown, now: number, sweepDays: number): SweepStep {
  let pass = parseSweepState(state);
  if (pass === undefined || pass.through >= pass.passStart) {
    // No pass yet, or the last one is done: a new one begins.
    pass = { passStart: now, through: SWEEP_FLOOR };
  }
  const span = pass.passStart - SWEEP_FLOOR;
  if (!(span > 0)) return { next: pass };
  const duration = (sweepDays * 86_400) / 2;
  const share = Math.min(1, Math.max(0, (now - pass.passStart) / duration));
  const target = share >= 1 ? pass.passStart : Math.floor(SWEEP_FLOOR + span * share);
  if (target <= pass.through) return { next: pass };
  if (target < pass.passStart && target - pass.through < span / STEPS_PER_PASS) {
    return { next: pass };
  }
  return {
    read: { from: pass.through, to: target },
    next: { passStart: pass.passStart, through: target },
  };
}

function parseSweepState(value: unknown): SweepState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { passStart, through } = value as Record<string, unknown>;
  if (typeof passStart !== "number" || typeof through !== "number") return undefined;
  if (!Number.isFinite(passStart) || !Number.isFinite(through)) return undefined;
  return { passStart, through };
}
