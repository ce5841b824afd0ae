import { describe, expect, it } from "vitest";
import { bodyChunks, joinChunks } from "../src/http/body-chunks.js";

const decode = (chunks: ReturnType<typeof bodyChunks>) =>
  new TextDecoder().decode(joinChunks(chunks));

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("bodyChunks", () => {
  it("writes exactly what JSON.stringify writes", () => {
    const records = Array.from({ length: 100 }, (_, i) =>
      deepFreeze({
        grpid: 10_000_000_000 + i,
        measures: [{ value: i, unit: -3 }],
        comment: null,
        note: "é\u2028",
      }),
    );
    const bodies: unknown[] = [
      { updatetime: 1, timezone: "Europe/Paris", more: 1, offset: 100, measuregrps: records },
      {
        series: [{ mutable: true }, null, 3, "x", undefined],
        skipped: undefined,
        nested: { a: [1] },
      },
      { goals: [] },
      [1, 2],
      { toJSON: () => "custom" },
    ];
    for (const body of bodies) {
      expect(decode(bodyChunks(body))).toBe(JSON.stringify(body));
      expect(decode(bodyChunks(body))).toBe(JSON.stringify(body)); // again, from the caches
    }
  });

  it("never reuses the text of records that can still change", () => {
    const shallow = Object.freeze({ inner: { value: 1 } });
    const list = Array.from({ length: 80 }, () => shallow);
    expect(decode(bodyChunks({ list }))).toContain('"value":1');
    (shallow.inner as { value: number }).value = 2;
    expect(decode(bodyChunks({ list }))).toContain('"value":2');
  });

  it("tells apart pages that start with the same record", () => {
    const records = Array.from({ length: 200 }, (_, i) => deepFreeze({ id: i }));
    const first = { series: records.slice(0, 100) };
    const longer = { series: records.slice(0, 150) };
    expect(decode(bodyChunks(first))).toBe(JSON.stringify(first));
    expect(decode(bodyChunks(longer))).toBe(JSON.stringify(longer));
    const swapped = { series: [records[0], ...records.slice(2, 101)] };
    expect(decode(bodyChunks(swapped))).toBe(JSON.stringify(swapped));
  });
});
