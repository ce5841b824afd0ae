import { describe, expect, it } from "vitest";
import { csvField } from "../../src/testing.js";

describe("csvField (RFC 4180)", () => {
  it("leaves plain fields alone and prints null as an empty field", () => {
    expect(csvField("Body+")).toBe("Body+");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField(-0.0005)).toBe("-0.0005");
    expect(csvField(9_007_199_254_740_991)).toBe("9007199254740991");
    expect(csvField(" padded ")).toBe(" padded ");
  });

  it("quotes commas, quotes and line breaks, doubling inner quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField('{"1":[120,300]}')).toBe('"{""1"":[120,300]}"');
  });
});
