import { WithingsArgumentError } from "@withings-kit/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quotaSlices } from "../../src/quota/quota-slices.js";

// The error `run` throws, which must be a WithingsArgumentError.
function argumentError(run: () => unknown): WithingsArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WithingsArgumentError);
    return error as WithingsArgumentError;
  }
  throw new Error("expected a WithingsArgumentError");
}

// The most requests any window of `windowMs` holds, at the instants given (sorted).
function busiestWindow(instants: readonly number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < instants.length; last++) {
    while (instants[last]! - instants[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

const fraction = fc.oneof(
  fc.constant(0),
  fc.constant(1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

describe("quotaSlices", () => {
  it("never lets a window of the cloud see more than the limit, however requests fall", () => {
    fc.assert(
      fc.property(
        fc.record({
          limit: fc.integer({ min: 2, max: 240 }),
          windowMs: fc.integer({ min: 1_000, max: 120_000 }),
          marginMs: fc.integer({ min: 0, max: 2_000 }),
          skewMs: fc.integer({ min: 0, max: 400 }),
          minSliceMs: fc.integer({ min: 0, max: 5_000 }),
        }),
        // Per slice: how much it is shortened by clocks (0..1 of the skew), the gap after
        // it (0..1 of a slice), where in it each admission falls and how late it arrives.
        // Fractions lean to their ends, where the worst cases are.
        fc.array(
          fc.record({
            shortened: fraction,
            gap: fraction,
            at: fc.array(fraction, { maxLength: 300 }),
            late: fc.array(fraction, { maxLength: 300 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (cloud, slices) => {
          const { sliceMs, points } = quotaSlices(
            cloud.limit,
            cloud.windowMs,
            cloud.marginMs,
            cloud.skewMs,
            cloud.minSliceMs,
          );
          const arrivals: number[] = [];
          let start = 0;
          for (const slice of slices) {
            const length = sliceMs - slice.shortened * cloud.skewMs;
            // The counter admits at most `points` in a slice, at any instant inside it.
            for (const [i, at] of slice.at.slice(0, points).entries()) {
              const admitted = start + at * length * 0.999_999;
              arrivals.push(admitted + (slice.late[i] ?? 1) * cloud.marginMs);
            }
            start += length + slice.gap * sliceMs;
          }
          arrivals.sort((a, b) => a - b);
          expect(busiestWindow(arrivals, cloud.windowMs)).toBeLessThanOrEqual(cloud.limit);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("uses most of the quota with slices of a second or more, from the free plan to partner plans", () => {
    for (const limit of [60, 120, 600, 1_500, 6_000]) {
      const { sliceMs, points } = quotaSlices(limit, 60_000, 500, 0);
      expect(sliceMs).toBeGreaterThanOrEqual(1_000);
      const perMinute = (points * 60_000) / sliceMs;
      expect(perMinute).toBeLessThanOrEqual(limit);
      expect(perMinute / limit).toBeGreaterThan(0.95);
    }
  });

  it("refuses a limit or durations that cannot be shared", () => {
    const refused: [number, number, number, number][] = [
      [1, 60_000, 0, 0],
      [120.5, 60_000, 0, 0],
      [120, 0, 0, 0],
      [120, 60_000, -1, 0],
      [120, 60_000, 0, -1],
    ];
    for (const [limit, windowMs, marginMs, skewMs] of refused) {
      const error = argumentError(() => quotaSlices(limit, windowMs, marginMs, skewMs));
      expect(error.code).toBe("ERR_INVALID_ARG_VALUE");
    }
  });
});
