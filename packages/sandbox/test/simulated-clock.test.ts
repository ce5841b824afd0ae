import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../src/clock/simulated-clock.js";

describe("SimulatedClock, virtual", () => {
  it("starts at real time and moves only when told", () => {
    const clock = new SimulatedClock("virtual");
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
    const t = clock.now();
    clock.advance(10);
    expect(clock.now()).toBe(t + 10_000);
    clock.set(1_700_000_000);
    expect(clock.now()).toBe(1_700_000_000_000);
    expect(clock.nowSeconds()).toBe(1_700_000_000);
  });

  // A real hour's wait would overrun the test's timeout.
  it("completes a long sleep at once in real time", { timeout: 10_000 }, async () => {
    const clock = new SimulatedClock("virtual", 0);
    await clock.sleep(3_600_000);
    expect(clock.now()).toBe(3_600_000);
  });

  it("does not add up concurrent sleeps (discrete-event)", async () => {
    const clock = new SimulatedClock("virtual", 0);
    const woke: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        clock.sleep(1000 + (i % 5) * 100).then(() => woke.push(clock.now())),
      ),
    );
    expect(clock.now()).toBe(1400);
    expect(woke).toEqual([...woke].sort((a, b) => a - b));
  });

  it("chains sleeps in order of simulated time", async () => {
    const clock = new SimulatedClock("virtual", 0);
    const log: string[] = [];
    const a = (async () => {
      await clock.sleep(100);
      log.push(`a1@${clock.now()}`);
      await clock.sleep(100);
      log.push(`a2@${clock.now()}`);
    })();
    const b = clock.sleep(150).then(() => log.push(`b@${clock.now()}`));
    await Promise.all([a, b]);
    expect(log).toEqual(["a1@100", "b@150", "a2@200"]);
  });

  it("wakes sleepers when advanced past them, and rejects on abort", async () => {
    const clock = new SimulatedClock("virtual", 0);
    const controller = new AbortController();
    const aborted = clock.sleep(5000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    expect(clock.now()).toBe(0);
    const sleeping = clock.sleep(5000);
    clock.advance(10);
    await sleeping;
    expect(clock.now()).toBe(10_000);
  });

  it("lets a waiter wait without moving time, while a sleeper still does", async () => {
    const clock = new SimulatedClock("virtual", 0);
    let woke = false;
    const waiting = clock.waitFor(60_000).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now()).toBe(0);
    expect(woke).toBe(false);
    // A sleeper's jump past the waiter's due time wakes it too.
    await clock.sleep(90_000);
    await waiting;
    expect(clock.now()).toBe(90_000);
    const second = clock.waitFor(1000);
    clock.advance(1);
    await second;
    expect(clock.pendingSleeps()).toBe(0);
  });
});

describe("SimulatedClock, realtime", () => {
  it("flows with real time plus an offset", async () => {
    const clock = new SimulatedClock("realtime");
    clock.advance(3600);
    expect(clock.now() - Date.now()).toBeGreaterThan(3_599_000);
    const before = clock.now();
    await clock.sleep(20);
    expect(clock.now() - before).toBeGreaterThanOrEqual(19);
  });

  // Left asleep for its real minute, the test would overrun its timeout.
  it("wakes a long sleep early when the clock is advanced past it", {
    timeout: 10_000,
  }, async () => {
    const clock = new SimulatedClock("realtime");
    const sleeping = clock.sleep(60_000);
    clock.advance(61);
    await sleeping;
    clock.dispose();
  });
});
