import type { Clock } from "../../src/clock.js";

/**
 * A clock for tests: time only moves when something sleeps (or `advance` is called), and
 * every requested delay is recorded, so backoff and expiry are tested without waiting.
 */
export class TestClock implements Clock {
  #now: number;
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2024, 0, 5, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.#now += ms;
    await Promise.resolve();
  }
}
