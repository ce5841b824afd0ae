import { describe, expect, it } from "vitest";
import { downsampleMinMax } from "../../src/dashboard/downsample-min-max.js";

// A deterministic wobble with a few spikes, so the test needs no random seed.
function history(n: number): { x: number[]; sys: (number | null)[]; dia: (number | null)[] } {
  const x = Array.from({ length: n }, (_, i) => 1_600_000_000 + i * 43_200 + (i % 7) * 60);
  const sys = x.map((_, i) =>
    i % 97 === 0 ? null : 120 + ((i * 37) % 23) - (i === 4321 ? 60 : 0),
  );
  const dia = x.map((_, i) => 80 + ((i * 11) % 13) + (i === 1234 ? 50 : 0));
  return { x, sys, dia };
}

describe("downsampleMinMax", () => {
  it("keeps every reading when there are at most two per column", () => {
    const { x, sys } = history(200);
    expect(downsampleMinMax(x, [sys], 100)).toEqual(x.map((_, i) => i));
  });

  it("keeps real readings only, the extremes of every series, the ends, about two per column and series", () => {
    const { x, sys, dia } = history(7300);
    const columns = 300;
    const kept = downsampleMinMax(x, [sys, dia], columns);
    expect(kept.length).toBeLessThan(x.length);
    // At most first, last, and min and max of each series per column.
    expect(kept.length).toBeLessThanOrEqual(columns * 6);
    expect(kept.length).toBeGreaterThanOrEqual(columns * 2);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    expect(new Set(kept).size).toBe(kept.length);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(x.length - 1);
    // The dip and the spike survive, as the readings they are.
    expect(kept).toContain(4321);
    expect(kept).toContain(1234);
    const values = (s: (number | null)[]) => s.filter((v): v is number => v !== null);
    const drawnSys = values(kept.map((i) => sys[i]!));
    expect(Math.min(...drawnSys)).toBe(Math.min(...values(sys)));
    expect(Math.max(...values(kept.map((i) => dia[i]!)))).toBe(Math.max(...values(dia)));
  });

  it("keeps each column's extremes: no column's range is narrowed", () => {
    const { x, sys } = history(5000);
    const columns = 120;
    const kept = new Set(downsampleMinMax(x, [sys], columns));
    const first = x[0]!;
    const span = x.at(-1)! - first;
    const col = (i: number) =>
      Math.min(columns - 1, Math.floor(((x[i]! - first) / span) * columns));
    const lo = new Map<number, number>();
    const hi = new Map<number, number>();
    const keptLo = new Map<number, number>();
    const keptHi = new Map<number, number>();
    sys.forEach((v, i) => {
      if (v === null) return;
      const c = col(i);
      lo.set(c, Math.min(lo.get(c) ?? v, v));
      hi.set(c, Math.max(hi.get(c) ?? v, v));
      if (!kept.has(i)) return;
      keptLo.set(c, Math.min(keptLo.get(c) ?? v, v));
      keptHi.set(c, Math.max(keptHi.get(c) ?? v, v));
    });
    expect(keptLo).toEqual(lo);
    expect(keptHi).toEqual(hi);
  });
});
