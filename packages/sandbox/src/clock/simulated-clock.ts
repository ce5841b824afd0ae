import { type Clock, WithingsArgumentError } from "@withings-kit/client";
import type { ClockMode } from "../types/clock-mode.js";

interface PendingSleep {
  /** Sandbox time (ms) at which the sleep ends. */
  readonly due: number;
  /** Order of registration, so sleepers due at the same instant wake in order. */
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  /** Waits for time to pass without moving a virtual clock itself (see `waitFor`). */
  readonly passive: boolean;
  /** The real timer of a realtime sleep. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The sandbox's clock, and a {@link Clock} the client can share so that both sides agree on time.
 * It starts at real time; {@link SimulatedClock.set} and {@link SimulatedClock.advance} move it.
 *
 * In `virtual` mode a sleep registers a timer; a real macrotask later moves time to the earliest
 * pending timer and wakes it (and every sleeper due at that instant). Many concurrent sleepers
 * therefore cost the simulated time of the longest one, not the sum, and nothing really waits.
 * Work that completes on a later real macrotask (real I/O) can be overtaken by a pending sleeper;
 * in-process calls to the sandbox complete in microtasks and are not.
 *
 * @example
 * ```ts
 * const clock = new SimulatedClock("virtual");
 * const before = clock.now();
 * await clock.sleep(60_000); // resolves at once, in real time
 * clock.now() - before; // 60000
 * clock.advance(3 * 3600); // three hours later
 * ```
 */
export class SimulatedClock implements Clock {
  readonly mode: ClockMode;
  /** Realtime: added to `Date.now()`. Virtual: unused. */
  #offset = 0;
  /** Virtual: the current time in ms. */
  #virtualNow: number;
  #pending: PendingSleep[] = [];
  #seq = 0;
  #pumpScheduled = false;

  constructor(mode: ClockMode = "realtime", startMs: number = Date.now()) {
    this.mode = mode;
    this.#virtualNow = startMs;
    this.#offset = startMs - Date.now();
    // Bound, so the clock can be passed around as loose functions (`{ now, sleep }`) too.
    this.now = this.now.bind(this);
    this.nowSeconds = this.nowSeconds.bind(this);
    this.sleep = this.sleep.bind(this);
    this.waitFor = this.waitFor.bind(this);
    this.advance = this.advance.bind(this);
    this.set = this.set.bind(this);
  }

  /** Milliseconds since the Unix epoch, in sandbox time. */
  now(): number {
    return this.mode === "virtual" ? this.#virtualNow : Date.now() + this.#offset;
  }

  /** Whole Unix seconds, as the API writes timestamps. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /**
   * Moves time forward (or back, if negative) by `seconds`, waking sleepers now due.
   *
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `seconds` is not finite or
   *   would put the clock outside 1970 to 9999.
   */
  advance(seconds: number): void {
    assertFinite(seconds, "seconds");
    assertInRange(this.now() / 1000 + seconds, "advance");
    this.#shift(seconds * 1000);
  }

  /**
   * Jumps to `epochSeconds`, waking sleepers now due.
   *
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `epochSeconds` is not finite
   *   or outside 1970 to 9999.
   */
  set(epochSeconds: number): void {
    assertFinite(epochSeconds, "epochSeconds");
    assertInRange(epochSeconds, "set");
    this.#shift(epochSeconds * 1000 - this.now());
  }

  /** Resolves after `ms` of sandbox time; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#wait(ms, signal, false);
  }

  /**
   * Resolves once `ms` of sandbox time have passed; unlike {@link SimulatedClock.sleep}, it
   * never moves a virtual clock: the wait ends when something else moves time past it. The
   * cloud's own background work (retries of notifications) waits this way, so that it cannot
   * drive a test's time.
   */
  waitFor(ms: number, signal?: AbortSignal): Promise<void> {
    return this.#wait(ms, signal, true);
  }

  #wait(ms: number, signal: AbortSignal | undefined, passive: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const entry: PendingSleep = {
        // Like setTimeout, a negative or non-finite delay means "as soon as possible".
        due: this.now() + (Number.isFinite(ms) && ms > 0 ? ms : 0),
        seq: this.#seq++,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#remove(entry);
          reject(signal?.reason);
        },
        passive,
        timer: undefined,
      };
      signal?.addEventListener("abort", entry.onAbort, { once: true });
      this.#pending.push(entry);
      if (this.mode === "realtime") this.#arm(entry);
      else if (!passive) this.#schedulePump();
    });
  }

  /** How many sleeps are waiting. */
  pendingSleeps(): number {
    return this.#pending.length;
  }

  /** Rejects every pending sleep and stops the clock's real timers. */
  dispose(reason: unknown = new Error("sandbox clock disposed")): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const entry of pending) {
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      entry.signal?.removeEventListener("abort", entry.onAbort);
      entry.reject(reason);
    }
  }

  #shift(deltaMs: number): void {
    if (this.mode === "virtual") this.#virtualNow += deltaMs;
    else this.#offset += deltaMs;
    this.#wakeDue();
    if (this.mode === "realtime") {
      // Real timers were armed for the old offset: re-arm the ones still in the future.
      for (const entry of this.#pending) this.#arm(entry);
    }
  }

  #arm(entry: PendingSleep): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        this.#wakeDue();
        // A timer can fire a little early relative to the offset clock; try again if so.
        if (this.#pending.includes(entry)) this.#arm(entry);
      },
      Math.max(0, entry.due - this.now()),
    );
    // The cloud's own background work never keeps a process alive.
    if (entry.passive) entry.timer.unref?.();
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // A real macrotask, so that every sleeper registered by the current chain of microtasks
    // is known before time moves: concurrent sleepers then share one jump.
    setTimeout(() => {
      this.#pumpScheduled = false;
      let earliest = Number.POSITIVE_INFINITY;
      for (const entry of this.#pending) {
        if (!entry.passive) earliest = Math.min(earliest, entry.due);
      }
      if (earliest === Number.POSITIVE_INFINITY) return;
      if (earliest > this.#virtualNow) this.#virtualNow = earliest;
      this.#wakeDue();
      if (this.#pending.some((entry) => !entry.passive)) this.#schedulePump();
    }, 0);
  }

  #wakeDue(): void {
    const now = this.now();
    const due = this.#pending.filter((entry) => entry.due <= now);
    if (due.length === 0) return;
    due.sort((a, b) => a.due - b.due || a.seq - b.seq);
    for (const entry of due) {
      this.#remove(entry);
      entry.resolve();
    }
  }

  #remove(entry: PendingSleep): void {
    const index = this.#pending.indexOf(entry);
    if (index >= 0) this.#pending.splice(index, 1);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.signal?.removeEventListener("abort", entry.onAbort);
  }
}

/** The last second of year 9999: every API timestamp and ISO date stays well formed. */
export const MAX_SANDBOX_SECONDS = 253_402_300_799;

function assertInRange(epochSeconds: number, name: string): void {
  if (epochSeconds < 0 || epochSeconds > MAX_SANDBOX_SECONDS) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `${name} would put the clock at ${epochSeconds}, outside 1970 to 9999 (0 to ${MAX_SANDBOX_SECONDS} s)`,
    );
  }
}

function assertFinite(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `${name} must be a finite number, got ${String(value)}`,
    );
  }
}
