import { describe, expect, it } from "vitest";
import { TokenBucket } from "../src/limits/token-bucket.js";
import { TestClock } from "./helpers/test-clock.js";

describe("TokenBucket", () => {
  it("never admits more than the limit in any window, however the requests arrive", async () => {
    const clock = new TestClock(0);
    const bucket = new TokenBucket({ limit: 120, windowMs: 60_000, marginMs: 0, clock });
    const admitted: number[] = [];
    await Promise.all(
      Array.from({ length: 600 }, async () => {
        await bucket.acquire();
        admitted.push(clock.now());
      }),
    );
    expect(admitted).toHaveLength(600);
    admitted.sort((a, b) => a - b);
    // Slide a 60 s window over every admission.
    let maxInWindow = 0;
    for (let i = 0, j = 0; i < admitted.length; i++) {
      while (admitted[i]! - admitted[j]! >= 60_000) j++;
      maxInWindow = Math.max(maxInWindow, i - j + 1);
    }
    expect(maxInWindow).toBe(120);
    // And it does not under-use the budget: 600 requests take four more windows.
    expect(admitted.at(-1)).toBe(4 * 60_000);
  });

  it("holds every caller back after pause()", async () => {
    const clock = new TestClock(0);
    const bucket = new TokenBucket({ limit: 10, windowMs: 1000, marginMs: 0, clock });
    await bucket.acquire();
    bucket.pause(5000);
    await bucket.acquire();
    expect(clock.now()).toBe(5000);
  });

  it("lets an aborted waiter go without blocking the others", async () => {
    const clock = new TestClock(0);
    const bucket = new TokenBucket({ limit: 1, windowMs: 1000, marginMs: 0, clock });
    await bucket.acquire();
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(bucket.acquire(controller.signal)).rejects.toThrow("gone");
    await bucket.acquire();
    expect(clock.now()).toBe(1000);
  });

  it("does not hold requests for as long as the clock jumps back", async () => {
    const day = 86_400_000;
    const clock = new TestClock(10 * day);
    const bucket = new TokenBucket({ limit: 2, windowMs: 60_000, marginMs: 0, clock });
    await bucket.acquire();
    bucket.pause(2000);
    clock.advance(-3 * day);
    await bucket.acquire();
    // The pause lasts its two seconds, not three days and two seconds.
    expect(clock.sleeps).toEqual([2000]);
    // A full ring frees its oldest token one window after it was spent, jump or not.
    clock.advance(-day);
    await bucket.acquire();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  it("counts its window on the clock's monotonic time, whatever the wall clock is set to", async () => {
    // Real elapsed time, and a wall clock an operator sets back an hour and then right.
    let real = 0;
    let offset = 1_700_000_000_000;
    const clock = {
      now: () => real + offset,
      monotonicNow: () => real,
      sleep: async (ms: number) => {
        real += ms;
        await Promise.resolve();
      },
    };
    const bucket = new TokenBucket({ limit: 5, windowMs: 60_000, marginMs: 0, clock });
    const admitted: number[] = [];
    const take = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await bucket.acquire();
        admitted.push(real);
      }
    };
    await take(5);
    offset -= 3_600_000;
    bucket.pause(2_000);
    offset += 3_600_000;
    await take(5);
    // The second five wait for the first to leave the window: no more than five in any minute.
    expect(admitted.slice(5).every((t) => t >= 60_000)).toBe(true);
    offset -= 86_400_000;
    await take(1);
    expect(admitted.at(-1)).toBeLessThanOrEqual(120_000);
  });
});
