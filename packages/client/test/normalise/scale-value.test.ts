import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalString } from "../../src/normalise/decimal-string.js";
import { scaleValue } from "../../src/normalise/scale-value.js";

describe("scaleValue", () => {
  it("scales the worked examples of reference §2.1 exactly", () => {
    expect(scaleValue(37370, -3)).toBe(37.37);
    expect(scaleValue(95, -2)).toBe(0.95);
    expect(scaleValue(110, 110)).toBe(1.1e112);
    expect(scaleValue(95817, -3)).toBe(95.817);
    expect(scaleValue(56300, -3)).toBe(56.3);
    expect(scaleValue(1600, -3)).toBe(1.6);
    expect(scaleValue(19904, -3)).toBe(19.904);
    expect(scaleValue(10600, -2)).toBe(106);
    expect(scaleValue(109, 0)).toBe(109);
    expect(scaleValue(8200, -2)).toBe(82);
    expect(scaleValue(7200, -3)).toBe(7.2);
    expect(scaleValue(462, -1)).toBe(46.2);
    expect(scaleValue(33, -1)).toBe(3.3);
    expect(scaleValue(70500, -3)).toBe(70.5);
  });

  it("avoids the noise of multiplying by a negative power of ten", () => {
    // The naive forms are wrong for these; the exact one is not.
    expect(12 * 10 ** -1).toBe(1.2000000000000002);
    expect(scaleValue(12, -1)).toBe(1.2);
    expect(35 * 0.01).toBe(0.35000000000000003);
    expect(scaleValue(35, -2)).toBe(0.35);
    expect(13 * 0.001).toBe(0.013000000000000001);
    expect(scaleValue(13, -3)).toBe(0.013);
  });

  it("handles negatives, zero, huge and tiny exponents", () => {
    expect(scaleValue(-5, -4)).toBe(-0.0005);
    expect(scaleValue(0, -3)).toBe(0);
    expect(scaleValue(1, -30)).toBe(1e-30);
    expect(scaleValue(123, 30)).toBe(1.23e32);
    expect(scaleValue(1, 400)).toBe(Number.POSITIVE_INFINITY);
    expect(scaleValue(2 ** 60, -2)).toBe(Number("11529215046068469.76"));
    expect(scaleValue(1.5, -1)).toBe(0.15);
    expect(scaleValue(5, 1.5)).toBeNaN();
    expect(scaleValue(Number.NaN, -2)).toBeNaN();
  });

  it("equals parsing the decimal text, over many random values and exponents", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.maxSafeInteger(),
          fc.integer({ min: 0, max: 400_000 }),
        ),
        fc.integer({ min: -30, max: 30 }),
        (value, unit) => {
          const expected = Number(`${value}e${unit}`);
          expect(scaleValue(value, unit)).toBe(expected);
          expect(Number(decimalString(value, unit))).toBe(expected);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("prints exactly like the shortest text of the decimal for realistic exponents", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: -6, max: 3 }),
        (value, unit) => {
          expect(String(scaleValue(value, unit))).toBe(decimalString(value, unit));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe("decimalString", () => {
  it("moves the decimal point in the digits", () => {
    expect(decimalString(37370, -3)).toBe("37.37");
    expect(decimalString(95, -2)).toBe("0.95");
    expect(decimalString(-5, -4)).toBe("-0.0005");
    expect(decimalString(110, 3)).toBe("110000");
    expect(decimalString(0, -3)).toBe("0");
    expect(decimalString(109, 0)).toBe("109");
    expect(decimalString(110, 110)).toBe(`11${"0".repeat(111)}`);
    expect(decimalString(1.5, -1)).toBe("0.15");
    expect(decimalString(1e21, -20)).toBe("10");
    // Beyond 2^53 the digits are those of the shortest text ("1152921504606847000").
    expect(decimalString(2 ** 60, -2)).toBe("11529215046068470");
  });

  it("keeps the zeros the exponent implies on request", () => {
    expect(decimalString(56300, -3, { keepTrailingZeros: true })).toBe("56.300");
    expect(decimalString(10600, -2, { keepTrailingZeros: true })).toBe("106.00");
    expect(decimalString(0, -2, { keepTrailingZeros: true })).toBe("0.00");
    expect(decimalString(56300, -3)).toBe("56.3");
  });

  it("prints non-finite values as JavaScript does", () => {
    expect(decimalString(Number.NaN, 0)).toBe("NaN");
    expect(decimalString(Number.NEGATIVE_INFINITY, 0)).toBe("-Infinity");
    expect(decimalString(1, 0.5)).toBe("NaN");
  });
});
