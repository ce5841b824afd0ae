import { describe, expect, it } from "vitest";
import { generateUser } from "../../src/data/index.js";
import { DAY, NOW, params } from "./helpers.js";

// Wall and CPU milliseconds of one call (CPU time is steadier on a busy machine).
function measure<T>(run: () => T): { value: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = run();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe("generation cost (a measurement printed for the record, not a timed assertion)", () => {
  it("reports time and heap of a ten-year vitals-study user", () => {
    const heap0 = heapMb();
    const created = measure(() =>
      generateUser({ profile: "vitals-study", years: 10, seed: 2026, userId: "cost", now: NOW }),
    );
    const user = created.value;
    const page = measure(
      () => user.answer("measure.getmeas", params(), NOW) as { measuregrps: unknown[] },
    );
    const full = measure(() => user.counts(NOW));
    const heap1 = heapMb();
    const again = measure(
      () => user.answer("measure.getmeas", params(), NOW) as { measuregrps: unknown[] },
    );
    // Samples are derived on demand (never stored): a month of 24 h reads, as a sync does.
    const month = measure(() => {
      let samples = 0;
      for (let t = NOW - 30 * DAY; t < NOW; t += DAY) {
        const body = user.answer(
          "measure.getintradayactivity",
          params({ startdate: t, enddate: t + DAY - 1 }),
          NOW,
        ) as { series: Record<string, unknown> | [] };
        samples += Object.keys(body.series).length;
      }
      return samples;
    });
    const fmt = (m: { wall: number; cpu: number }) =>
      `${m.wall.toFixed(0)} ms wall / ${m.cpu.toFixed(0)} ms CPU`;
    const gcNote =
      (globalThis as { gc?: unknown }).gc === undefined
        ? " (no --expose-gc: includes garbage)"
        : "";
    console.log(
      [
        "10-year vitals-study user:",
        `  ready to serve: ${fmt(created)}`,
        `  first getmeas page (${page.value.measuregrps.length} groups, generates the newest history): ${fmt(page)}`,
        `  rest of the history (counts -> all ten years): ${fmt(full)}`,
        `  whole history generated: ${fmt({ wall: created.wall + page.wall + full.wall, cpu: created.cpu + page.cpu + full.cpu })}`,
        `  heap growth with all ten years kept: ${(heap1 - heap0).toFixed(1)} MB${gcNote}`,
        `  a 4096-group page once generated: ${again.wall.toFixed(2)} ms`,
        `  a month of intraday reads (${month.value} samples, derived on demand): ${fmt(month)}`,
        `  records: ${JSON.stringify(full.value)}`,
      ].join("\n"),
    );
    expect(page.value.measuregrps).toHaveLength(4096);
    expect(full.value["measures"]).toBeGreaterThan(20_000);
    expect(month.value).toBeGreaterThan(20 * 144); // heart rate every 10 min while worn, and steps
  });
});
