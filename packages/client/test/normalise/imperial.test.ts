import { describe, expect, it } from "vitest";
import { imperialConversions } from "../../src/catalogue/imperial-conversions.js";
import { toImperial } from "../../src/normalise/imperial.js";
import { roundTo } from "../../src/normalise/round-to.js";

const { kg, m } = imperialConversions;
const celsius = imperialConversions["°C"];

describe("toImperial", () => {
  it("converts with the defining constants", () => {
    expect(toImperial(1, kg, -10)).toBe(2.2046226219);
    expect(toImperial(0.0254, m, -6)).toBe(1);
    expect(toImperial(100, celsius, 0)).toBe(212);
    expect(toImperial(-40, celsius, 0)).toBe(-40);
  });

  it("rounds to the stored resolution (places = −exponent + extraDecimals)", () => {
    expect(toImperial(95.817, kg, -3)).toBe(211.24);
    expect(toImperial(95.8172, kg, -4)).toBe(211.2408);
    expect(toImperial(70, kg, 0)).toBe(154);
    expect(toImperial(1.6, m, -3)).toBe(62.99);
    expect(toImperial(1.6, m, 0)).toBe(63);
    expect(toImperial(37.37, celsius, -3)).toBe(99.266);
    expect(toImperial(37.37, celsius, -2)).toBe(99.27);
  });

  it("falls back to the places of the metric text without an exponent", () => {
    expect(toImperial(95.817, kg)).toBe(211.24);
    expect(toImperial(1.6, m)).toBe(63);
    expect(toImperial(36.6, celsius)).toBe(97.9);
  });
});

describe("roundTo", () => {
  it("rounds halves away from zero without binary noise", () => {
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(0.125, 2)).toBe(0.13);
    expect(roundTo(211.2403, 3)).toBe(211.24);
    expect(roundTo(1e20, 2)).toBe(1e20);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
  });
});
