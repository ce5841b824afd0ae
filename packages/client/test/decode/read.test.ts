import { describe, expect, it } from "vitest";
import { DecodePath } from "../../src/decode/decode-path.js";
import {
  asMap,
  type Copy,
  decodeItems,
  decodeKeyed,
  decodeKeyedNumbers,
  intItem,
  nullId,
  nullInt,
  numberItem,
  numberListItem,
  optMore,
  optNumber,
  optString,
  patch,
  reqEpoch,
  reqInt,
  reqYmd,
} from "../../src/decode/read.js";
import { WithingsResponseError } from "../../src/errors/withings-response-error.js";
import { expectShapeError } from "./expect-shape-error.js";

const root = () => DecodePath.root();

describe("DecodePath", () => {
  it("renders keys, array cursors and map keys only when asked", () => {
    const groups = root().child("measuregrps");
    groups.sub = 3;
    const measures = groups.child("measures");
    measures.sub = 0;
    expect(measures.render("value")).toBe("$.body.measuregrps[3].measures[0].value");
    const events = root().child("night_events");
    events.sub = "1";
    const items = events.items();
    items.sub = 2;
    expect(items.render()).toBe('$.body.night_events["1"][2]');
  });

  it("caps map keys taken from the answer", () => {
    const series = root().child("series");
    series.sub = "x".repeat(1000);
    expect(series.render()).toBe(`$.body.series["${"x".repeat(40)}…"]`);
  });

  it("puts the root's context on the error", () => {
    const at = DecodePath.root({ action: "measure.getmeas", endpoint: "/measure" }).child("x");
    const error = at.error("y", "expected an integer, got a string");
    expect(error).toBeInstanceOf(WithingsResponseError);
    expect(error).toMatchObject({
      problem: "shape",
      path: "$.body.x.y",
      action: "measure.getmeas",
    });
    expect(error.message).toBe(
      "measure.getmeas: shape at $.body.x.y: expected an integer, got a string",
    );
  });
});

describe("scalar readers", () => {
  it("return the copy untouched on the fast path", () => {
    const obj = { a: 1, b: "x" };
    let copy: Copy;
    copy = reqInt(obj, "a", root(), copy);
    copy = optString(obj, "b", root(), copy);
    expect(copy).toBeUndefined();
  });

  it("coerce integers sent as text without touching the input (quirk Q21)", () => {
    const obj = { a: "42", b: "-7", c: 1 };
    let copy: Copy;
    copy = reqInt(obj, "a", root(), copy);
    copy = reqInt(obj, "b", root(), copy);
    copy = reqInt(obj, "c", root(), copy);
    expect(copy).toEqual({ a: 42, b: -7, c: 1 });
    expect(obj).toEqual({ a: "42", b: "-7", c: 1 });
  });

  it.each([
    ["a fraction", 1.5, "expected an integer, got a fractional number"],
    ["NaN", Number.NaN, "expected an integer, got NaN"],
    ["Infinity", Number.POSITIVE_INFINITY, "expected an integer, got Infinity"],
    ["an unsafe integer", 2 ** 60, "expected an integer, got an integer beyond 2^53"],
    ["unsafe text", "18446744073709551616", "expected an integer, got a string"],
    ["decimal text", "1.5", "expected an integer, got a string"],
    ["padded text", " 12", "expected an integer, got a string"],
    ["null", null, "expected an integer, got null"],
    ["a boolean", true, "expected an integer, got a boolean"],
    ["nothing", undefined, "missing, expected an integer"],
  ])("reject %s where an integer must be", (_name, value, detail) => {
    const error = expectShapeError(() => reqInt({ a: value }, "a", root(), undefined), "$.body.a");
    expect(error.message).toContain(detail);
  });

  it("read numbers, and decimal text as numbers", () => {
    expect(optNumber({ d: "6221.5" }, "d", root(), undefined)).toEqual({ d: 6221.5 });
    expect(optNumber({ d: 2 }, "d", root(), undefined)).toBeUndefined();
    expect(optNumber({}, "d", root(), undefined)).toBeUndefined();
    expectShapeError(() => optNumber({ d: "12 kg" }, "d", root(), undefined), "$.body.d");
    expectShapeError(() => optNumber({ d: null }, "d", root(), undefined), "$.body.d");
    expectShapeError(() => optNumber({ d: "" }, "d", root(), undefined), "$.body.d");
  });

  it("accept null only in the nullable variants", () => {
    expect(nullInt({ m: null }, "m", root(), undefined)).toBeUndefined();
    expect(nullInt({ m: "94" }, "m", root(), undefined)).toEqual({ m: 94 });
    expectShapeError(() => optString({ t: null }, "t", root(), undefined), "$.body.t");
  });

  it("turn numeric ids into strings and keep text ids as text", () => {
    expect(nullId({ id: 12345 }, "id", root(), undefined)).toEqual({ id: "12345" });
    expect(nullId({ id: "00123" }, "id", root(), undefined)).toBeUndefined();
    expect(nullId({ id: null }, "id", root(), undefined)).toBeUndefined();
    expectShapeError(() => nullId({ id: 1.5 }, "id", root(), undefined), "$.body.id");
    expectShapeError(() => nullId({ id: -1 }, "id", root(), undefined), "$.body.id");
  });

  it("read epoch seconds from integers, their text, days and ISO date-times", () => {
    const read = (date: unknown) => reqEpoch({ date }, "date", root(), undefined)?.["date"];
    expect(reqEpoch({ date: 1704412800 }, "date", root(), undefined)).toBeUndefined();
    expect(read("1704412800")).toBe(1704412800);
    expect(read("2019-01-01")).toBe(1546300800);
    expect(read("2019-01-01T10:00:00Z")).toBe(1546336800);
    expect(read("2019-01-01T10:00:00")).toBe(1546336800);
    expect(read("2019-01-01T12:00:00.250+02:00")).toBe(1546336800);
    expect(read("2019-01-01 10:00")).toBe(1546336800);
    for (const bad of ["2019-02-30", "2019-13-01", "01/02/2019", "2019-01-01T25:00:00Z", "", 1.5]) {
      expectShapeError(() => read(bad), "$.body.date");
    }
  });

  it("check local days", () => {
    expect(reqYmd({ date: "2024-02-29" }, "date", root(), undefined)).toBeUndefined();
    for (const bad of ["2023-02-29", "2024-1-5", "2024-01-05T00:00:00Z", 20240105]) {
      expectShapeError(() => reqYmd({ date: bad }, "date", root(), undefined), "$.body.date");
    }
  });

  it("keep `more` as sent, and read its 0/1 text as a number (quirk Q6)", () => {
    for (const more of [true, false, 0, 1, undefined]) {
      expect(optMore({ more }, root(), undefined)).toBeUndefined();
    }
    expect(optMore({ more: "1" }, root(), undefined)).toEqual({ more: 1 });
    expectShapeError(() => optMore({ more: 2 }, root(), undefined), "$.body.more");
    expectShapeError(() => optMore({ more: "true" }, root(), undefined), "$.body.more");
  });
});

describe("container readers", () => {
  it("return the same array when no item changed, else a copy", () => {
    const clean = [1, 2, 3];
    expect(decodeItems(clean, root().child("signal"), intItem)).toBe(clean);
    const drift = [1, "2", 3];
    expect(decodeItems(drift, root().child("signal"), intItem)).toEqual([1, 2, 3]);
    expect(drift).toEqual([1, "2", 3]);
    expectShapeError(
      () => decodeItems([1, 2, "x"], root().child("signal"), intItem),
      "$.body.signal[2]",
    );
  });

  it("read keyed maps, `[]` as `{}` (quirk Q12)", () => {
    const hr = { "1618691453": 70 };
    expect(decodeKeyed(hr, root().child("hr"), numberItem)).toBe(hr);
    expect(decodeKeyed([], root().child("hr"), numberItem)).toEqual({});
    expect(decodeKeyed({ "1": "70" }, root().child("hr"), numberItem)).toEqual({ "1": 70 });
    expectShapeError(() => decodeKeyed([70], root().child("hr"), numberItem), "$.body.hr");
    expectShapeError(() => decodeKeyed(null, root().child("hr"), numberItem), "$.body.hr");
    expectShapeError(
      () => decodeKeyed({ "1": 1, soon: 2 }, root().child("hr"), numberItem),
      '$.body.hr["soon"]',
    );
    expectShapeError(
      () => decodeKeyed({ "1": [1, null] }, root().child("night_events"), numberListItem),
      '$.body.night_events["1"][1]',
    );
  });

  it("read number series without copying, and find every kind of numeric key", () => {
    const hr = { "1618691453": 70, "1618691513": 71.5 };
    expect(decodeKeyedNumbers(hr, root().child("hr"))).toBe(hr);
    expect(decodeKeyedNumbers([], root().child("hr"))).toEqual({});
    // "007" is not an array index and 2^32 - 1 is past the last one: both are plain keys.
    const odd = { "0": 1, "007": 2, "4294967295": 3, "99999999999": 4 };
    expect(decodeKeyedNumbers(odd, root().child("hr"))).toBe(odd);
    const text = { "007": "2", "4294967295": "3" };
    expect(decodeKeyedNumbers(text, root().child("hr"))).toEqual({ "007": 2, "4294967295": 3 });
    expectShapeError(
      () => decodeKeyedNumbers({ "1": 70, "2": "high" }, root().child("hr")),
      '$.body.hr["2"]',
    );
    expectShapeError(() => decodeKeyedNumbers({ "": 70 }, root().child("hr")), '$.body.hr[""]');
    expectShapeError(() => decodeKeyedNumbers([70], root().child("hr")), "$.body.hr");
  });

  it("read `[]` as an empty map and reject other non-objects", () => {
    expect(asMap([], root())).toEqual({});
    expectShapeError(() => asMap([1], root()), "$.body");
    expectShapeError(() => asMap("x", root()), "$.body");
  });

  it("copy on write, keeping an own __proto__ key as data", () => {
    const obj = JSON.parse('{"__proto__": {"polluted": true}, "a": "1"}') as Record<
      string,
      unknown
    >;
    const copy = patch(undefined, obj, "a", 1);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "a"]);
    expect(obj["a"]).toBe("1");
  });
});
