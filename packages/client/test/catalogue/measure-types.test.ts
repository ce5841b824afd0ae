import { describe, expect, it } from "vitest";
import { measureType, measureTypes } from "../../src/catalogue/measure-types.js";

// Reference §2.5, transcribed independently of the catalogue: code → display unit.
const SECTION_2_5: Readonly<Record<number, string>> = {
  1: "kg",
  4: "m",
  5: "kg",
  6: "%",
  8: "kg",
  9: "mmHg",
  10: "mmHg",
  11: "bpm",
  12: "°C",
  54: "%",
  71: "°C",
  73: "°C",
  76: "kg",
  77: "kg",
  88: "kg",
  91: "m/s",
  123: "ml/min/kg",
  130: "",
  135: "ms",
  136: "ms",
  137: "ms",
  138: "ms",
  139: "",
  147: "pH",
  148: "",
  151: "µmol/L",
  155: "years",
  158: "",
  159: "",
  167: "",
  168: "kg",
  169: "kg",
  170: "",
  173: "kg",
  174: "kg",
  175: "kg",
  196: "µS",
  197: "µS",
  198: "µS",
  204: "mmol/L",
  205: "mmol/L",
  226: "kcal/day",
  227: "years",
  229: "µS",
  248: "mmol/L",
  249: "mmol/L",
  251: "mmol/mmol",
};
const UNCONFIRMED_ROWS = [147, 148, 151, 204, 205, 248, 249, 251];
const UNCONFIRMED_UNITS = [135, 136, 137, 138, 139, 167, 196, 197, 198, 226, 229];

describe("measureTypes", () => {
  it("has every code of reference §2.5 and nothing else, with its unit", () => {
    expect([...measureTypes.keys()].sort((a, b) => a - b)).toEqual(
      Object.keys(SECTION_2_5)
        .map(Number)
        .sort((a, b) => a - b),
    );
    for (const [code, unit] of Object.entries(SECTION_2_5)) {
      const info = measureTypes.get(Number(code));
      expect(info?.code).toBe(Number(code));
      expect(info?.unit, `unit of ${code}`).toBe(unit);
      expect(info?.known).toBe(true);
    }
  });

  it("uses unique camelCase keys and non-empty names", () => {
    const keys = [...measureTypes.values()].map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of measureTypes.values()) {
      expect(t.key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(t.name.length).toBeGreaterThan(0);
    }
    expect(measureTypes.get(9)?.key).toBe("diastolicBloodPressure");
    expect(measureTypes.get(54)?.key).toBe("spo2");
    expect(measureTypes.get(1)?.key).toBe("weight");
  });

  it("gives UCUM codes", () => {
    const ucum = (code: number) => measureTypes.get(code)?.ucum;
    expect(ucum(1)).toBe("kg");
    expect(ucum(4)).toBe("m");
    expect(ucum(9)).toBe("mm[Hg]");
    expect(ucum(11)).toBe("/min");
    expect(ucum(54)).toBe("%");
    expect(ucum(71)).toBe("Cel");
    expect(ucum(91)).toBe("m/s");
    expect(ucum(155)).toBe("a");
    for (const t of measureTypes.values()) expect(t.ucum).not.toMatch(/[°µ ]/);
  });

  it("gives LOINC codes only for the eight certain ones", () => {
    const loinc = Object.fromEntries(
      [...measureTypes.values()].filter((t) => t.loinc !== undefined).map((t) => [t.code, t.loinc]),
    );
    expect(loinc).toEqual({
      1: "29463-7",
      4: "8302-2",
      6: "41982-0",
      9: "8462-4",
      10: "8480-6",
      11: "8867-4",
      54: "59408-5",
      71: "8310-5",
    });
    expect("loinc" in (measureTypes.get(12) ?? {})).toBe(false);
  });

  it("offers imperial units for every kg, m and °C type and for no other", () => {
    for (const t of measureTypes.values()) {
      const expected = { kg: "lb", m: "in", "°C": "°F" }[t.unit];
      expect(t.imperial?.unit, `imperial of ${t.code}`).toBe(expected);
      if (t.imperial !== undefined) expect(t.imperial.from).toBe(t.unit);
    }
    expect(measureTypes.get(1)?.imperial?.multiply).toBe(2.20462262185);
    expect(measureTypes.get(4)?.imperial?.divide).toBe(0.0254);
    expect(measureTypes.get(71)?.imperial).toMatchObject({ multiply: 9, divide: 5, add: 32 });
  });

  it("flags UNCONFIRMED rows and unsure units", () => {
    for (const t of measureTypes.values()) {
      expect(t.confirmed, `confirmed ${t.code}`).toBe(!UNCONFIRMED_ROWS.includes(t.code));
      const unsure = UNCONFIRMED_ROWS.includes(t.code) || UNCONFIRMED_UNITS.includes(t.code);
      expect(t.unitConfirmed, `unitConfirmed ${t.code}`).toBe(!unsure);
    }
    expect(measureTypes.get(158)?.source).toBe("client");
    expect(measureTypes.get(147)?.source).toBe("unconfirmed");
    expect(measureTypes.get(1)?.source).toBe("spec");
  });

  it("is read-only", () => {
    const writable = measureTypes as Map<number, unknown>;
    expect(() => writable.set(1, {})).toThrow(TypeError);
    expect(() => writable.delete(1)).toThrow(TypeError);
    expect(() => writable.clear()).toThrow(TypeError);
    expect(Object.isFrozen(measureTypes.get(1))).toBe(true);
    expect(measureTypes.size).toBe(Object.keys(SECTION_2_5).length);
  });
});

describe("measureType", () => {
  it("returns the catalogue entry for a known code", () => {
    expect(measureType(71)).toBe(measureTypes.get(71));
  });

  it("returns a flagged placeholder for an unknown code, never throwing", () => {
    const info = measureType(1234567);
    expect(info).toMatchObject({
      code: 1234567,
      key: "type1234567",
      name: "Unknown type 1234567",
      known: false,
      confirmed: false,
      source: "unknown",
    });
    expect(info.imperial).toBeUndefined();
    expect(measureType(1234567)).toBe(info);
    expect(measureType(35).known).toBe(false);
    expect(measureType(-1).name).toBe("Unknown type -1");
  });
});
