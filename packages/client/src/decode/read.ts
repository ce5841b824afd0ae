/**
 * Reader primitives shared by every body decoder.
 *
 * Each scalar reader checks `obj[key]` and threads a copy-on-write `copy` of `obj`: on the
 * fast path (the value already has its decoded type) it returns `copy` untouched, so a
 * clean body is validated in place and handed back as the same objects, unknown keys
 * included. Only a value that must be coerced (quirk Q21: numbers sent as text, ids sent as
 * numbers, quirk Q12: `[]` for an empty map) makes a shallow copy of its object, and the
 * container readers then copy the parents on the way up. Input objects are never mutated.
 *
 * Errors are `"shape"` {@link WithingsResponseError}s whose path is rendered from a
 * {@link DecodePath} only when thrown, and whose text never quotes a value (a token could
 * be one).
 *
 * @module
 */
import type { DecodePath } from "./decode-path.js";
import { parseDateSeconds } from "./parse-date-seconds.js";

/**
 * A JSON object as decoders see it before validation.
 *
 * @example
 * ```ts
 * const group: JsonObject = { grpid: 1, measures: [] };
 * ```
 */
export type JsonObject = Record<string, unknown>;

/**
 * The copy-on-write copy of the object being decoded: `undefined` until a value has to be
 * coerced.
 *
 * @example
 * ```ts
 * let copy: Copy;
 * copy = reqInt({ grpid: "42" }, "grpid", DecodePath.root(), copy); // { grpid: 42 }
 * ```
 */
export type Copy = JsonObject | undefined;

/**
 * Decodes one value found at `at`: returns it unchanged when it is valid as is, a coerced
 * copy otherwise, and throws a shape error when it cannot be read.
 *
 * @example
 * ```ts
 * const decodeSignal: ValueDecoder = intItem;
 * ```
 */
export type ValueDecoder = (value: unknown, at: DecodePath) => unknown;

const INT_TEXT = /^-?\d{1,16}$/;
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/**
 * True for a JSON object (not `null`, not an array).
 *
 * @example
 * ```ts
 * isJsonObject({}); // true
 * isJsonObject([]); // false
 * ```
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Returns `copy`, or a shallow copy of `obj` when there is none yet, with `key` set to
 * `value`. The slow path of every reader.
 *
 * @example
 * ```ts
 * const input = { userid: 12345 };
 * patch(undefined, input, "userid", "12345"); // { userid: "12345" }; input is unchanged
 * ```
 */
export function patch(copy: Copy, obj: JsonObject, key: string, value: unknown): JsonObject {
  // Spread defines own properties, so an own `__proto__` key from JSON.parse stays data.
  const target = copy ?? { ...obj };
  target[key] = value;
  return target;
}

/**
 * The error text for a value of the wrong type: `expected an integer, got a string`. It names
 * only the JSON type, never the value.
 *
 * @example
 * ```ts
 * expected("an integer", 1.5); // "expected an integer, got a fractional number"
 * ```
 */
export function expected(what: string, value: unknown): string {
  return value === undefined ? `missing, expected ${what}` : `expected ${what}, got ${kind(value)}`;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  switch (typeof value) {
    case "number":
      if (Number.isNaN(value)) return "NaN";
      if (!Number.isFinite(value)) return String(value);
      if (!Number.isInteger(value)) return "a fractional number";
      return Number.isSafeInteger(value) ? "an integer" : "an integer beyond 2^53";
    case "string":
      return value.length === 0 ? "an empty string" : "a string";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}

function fail(at: DecodePath, key: string | undefined, what: string, value: unknown) {
  return at.error(key, expected(what, value));
}

/**
 * Checks that the value at `at` is an object and returns it.
 *
 * @example
 * ```ts
 * const group = asObject(item, at); // throws a shape error at `at` for [], null, "x"
 * ```
 */
export function asObject(value: unknown, at: DecodePath): JsonObject {
  if (isJsonObject(value)) return value;
  throw fail(at, undefined, "an object", value);
}

/**
 * Like {@link asObject}, but reads `[]` as a fresh `{}`: PHP encodes an empty map as an
 * empty list (quirk Q12, e.g. `"goals": []`).
 *
 * @example
 * ```ts
 * asMap([], at); // {}
 * ```
 */
export function asMap(value: unknown, at: DecodePath): JsonObject {
  if (isJsonObject(value)) return value;
  if (Array.isArray(value) && value.length === 0) return {};
  throw fail(at, undefined, "an object", value);
}

function intFromText(value: unknown): number | undefined {
  // Quirk Q21: integers arrive as text in some answers (`updatetime`, ids, webhook fields).
  if (typeof value === "string" && INT_TEXT.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return undefined;
}

/**
 * The finite number written as decimal text in `value`, or `undefined` (quirk Q21).
 *
 * @example
 * ```ts
 * numberFromText("300.5"); // 300.5
 * numberFromText("usual"); // undefined
 * ```
 */
export function numberFromText(value: unknown): number | undefined {
  if (typeof value === "string" && NUMBER_TEXT.test(value)) {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/**
 * Reads a required integer (a safe integer, or its decimal text).
 *
 * @example
 * ```ts
 * copy = reqInt(group, "grpid", at, copy);
 * ```
 */
export function reqInt(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "number" && Number.isSafeInteger(v)) return copy;
  const n = intFromText(v);
  if (n === undefined) throw fail(at, key, "an integer", v);
  return patch(copy, obj, key, n);
}

/**
 * Reads an optional integer: absent is fine, `null` is not.
 *
 * @example
 * ```ts
 * copy = optInt(body, "offset", at, copy);
 * ```
 */
export function optInt(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return obj[key] === undefined ? copy : reqInt(obj, key, at, copy);
}

/**
 * Reads an optional integer that may be `null`.
 *
 * @example
 * ```ts
 * copy = nullInt(group, "modelid", at, copy);
 * ```
 */
export function nullInt(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  return v === undefined || v === null ? copy : reqInt(obj, key, at, copy);
}

/**
 * Reads a required finite number (or its decimal text).
 *
 * @example
 * ```ts
 * copy = reqNumber(weight, "value", at, copy);
 * ```
 */
export function reqNumber(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "number" && Number.isFinite(v)) return copy;
  const n = numberFromText(v);
  if (n === undefined) throw fail(at, key, "a number", v);
  return patch(copy, obj, key, n);
}

/**
 * Reads an optional finite number: absent is fine, `null` is not.
 *
 * @example
 * ```ts
 * copy = optNumber(activity, "distance", at, copy);
 * ```
 */
export function optNumber(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return obj[key] === undefined ? copy : reqNumber(obj, key, at, copy);
}

/**
 * Reads a required string.
 *
 * @example
 * ```ts
 * copy = reqString(profile, "callbackurl", at, copy);
 * ```
 */
export function reqString(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "string") return copy;
  throw fail(at, key, "a string", v);
}

/**
 * Reads a required string that must not be empty (tokens, nonces).
 *
 * @example
 * ```ts
 * copy = reqText(body, "access_token", at, copy);
 * ```
 */
export function reqText(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "string" && v.length > 0) return copy;
  throw fail(at, key, "a non-empty string", v);
}

/**
 * Reads an optional string: absent is fine, `null` is not.
 *
 * @example
 * ```ts
 * copy = optString(body, "timezone", at, copy);
 * ```
 */
export function optString(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (v === undefined || typeof v === "string") return copy;
  throw fail(at, key, "a string", v);
}

/**
 * Reads an optional string that may be `null`.
 *
 * @example
 * ```ts
 * copy = nullString(group, "comment", at, copy);
 * ```
 */
export function nullString(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (v === undefined || v === null || typeof v === "string") return copy;
  throw fail(at, key, "a string or null", v);
}

/**
 * Reads a required boolean.
 *
 * @example
 * ```ts
 * copy = reqBool(flags, "enabled", at, copy);
 * ```
 */
export function reqBool(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "boolean") return copy;
  throw fail(at, key, "a boolean", v);
}

/**
 * Reads an optional boolean: absent is fine, `null` is not.
 *
 * @example
 * ```ts
 * copy = optBool(activity, "is_tracker", at, copy);
 * ```
 */
export function optBool(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return obj[key] === undefined ? copy : reqBool(obj, key, at, copy);
}

function id(obj: JsonObject, key: string, at: DecodePath, copy: Copy, nullable: boolean): Copy {
  const v = obj[key];
  if (v === undefined || typeof v === "string" || (nullable && v === null)) return copy;
  // Token answers send `userid` as a number or a string (quirk Q21); a guide example shows a
  // numeric `deviceid`. Ids are opaque: always strings once decoded.
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
    return patch(copy, obj, key, String(v));
  }
  throw fail(at, key, nullable ? "a string id or null" : "a string id", v);
}

/**
 * Reads an optional id, as a string: a non-negative integer is converted.
 *
 * @example
 * ```ts
 * copy = optId(token, "userid", at, copy); // 12345 → "12345"
 * ```
 */
export function optId(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return id(obj, key, at, copy, false);
}

/**
 * Reads an optional id that may be `null` (external sources have no device), as a string.
 *
 * @example
 * ```ts
 * copy = nullId(group, "deviceid", at, copy);
 * ```
 */
export function nullId(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return id(obj, key, at, copy, true);
}

function isYmd(v: unknown): boolean {
  return typeof v === "string" && v.length === 10 && parseDateSeconds(v) !== undefined;
}

/**
 * Reads a required local day, `YYYY-MM-DD` (a real calendar date).
 *
 * @example
 * ```ts
 * copy = reqYmd(activity, "date", at, copy);
 * ```
 */
export function reqYmd(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (isYmd(v)) return copy;
  throw fail(at, key, "a YYYY-MM-DD date", v);
}

/**
 * Reads an optional local day, `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * copy = optYmd(workout, "date", at, copy);
 * ```
 */
export function optYmd(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  return obj[key] === undefined ? copy : reqYmd(obj, key, at, copy);
}

/**
 * Reads a required Unix time in seconds; a `YYYY-MM-DD` or ISO 8601 text is converted
 * (taken as UTC when it has no offset).
 *
 * @example
 * ```ts
 * copy = reqEpoch({ date: "2019-01-01" }, "date", at, copy); // date: 1546300800
 * ```
 */
export function reqEpoch(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (typeof v === "number" && Number.isSafeInteger(v)) return copy;
  if (typeof v === "string") {
    const n = intFromText(v) ?? parseDateSeconds(v);
    if (n !== undefined) return patch(copy, obj, key, n);
  }
  throw fail(at, key, "epoch seconds or a date", v);
}

/**
 * Reads the optional paging flag `more`, kept as given: `0`/`1` on getmeas, a boolean on
 * the v2 lists (quirk Q6). The text `"0"`/`"1"` becomes a number.
 *
 * @example
 * ```ts
 * copy = optMore(body, at, copy);
 * ```
 */
export function optMore(obj: JsonObject, at: DecodePath, copy: Copy): Copy {
  const v = obj["more"];
  if (v === undefined || typeof v === "boolean" || v === 0 || v === 1) return copy;
  if (v === "0" || v === "1") return patch(copy, obj, "more", v === "1" ? 1 : 0);
  throw fail(at, "more", "a boolean or 0/1", v);
}

/**
 * Decodes each item of an array with `decodeItem`; returns the same array when no item
 * changed, else a copy.
 *
 * @example
 * ```ts
 * decodeItems([1, "2"], DecodePath.root().child("signal"), intItem); // [1, 2]
 * ```
 */
export function decodeItems(items: unknown[], at: DecodePath, decodeItem: ValueDecoder): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    at.sub = i;
    const item = items[i];
    const decoded = decodeItem(item, at);
    if (decoded !== item) {
      out ??= items.slice();
      out[i] = decoded;
    }
  }
  return out ?? items;
}

/**
 * Reads a required array and decodes each item with `decodeItem`.
 *
 * @example
 * ```ts
 * copy = reqArray(body, "measuregrps", at, copy, decodeMeasureGroup);
 * ```
 */
export function reqArray(
  obj: JsonObject,
  key: string,
  at: DecodePath,
  copy: Copy,
  decodeItem: ValueDecoder,
): Copy {
  const v = obj[key];
  if (!Array.isArray(v)) throw fail(at, key, "an array", v);
  const items = decodeItems(v, at.child(key), decodeItem);
  return items === v ? copy : patch(copy, obj, key, items);
}

/**
 * Reads a required value with its own decoder (a nested object, a union).
 *
 * @example
 * ```ts
 * copy = reqValue(recording, "ecg", at, copy, decodeEcg);
 * ```
 */
export function reqValue(
  obj: JsonObject,
  key: string,
  at: DecodePath,
  copy: Copy,
  decodeValue: ValueDecoder,
): Copy {
  const v = obj[key];
  const decoded = decodeValue(v, at.child(key));
  return decoded === v ? copy : patch(copy, obj, key, decoded);
}

/**
 * Reads an optional value with its own decoder: absent is fine, anything else (`null`
 * included) goes to `decodeValue`.
 *
 * @example
 * ```ts
 * copy = optValue(recording, "bloodpressure", at, copy, decodeBloodPressure);
 * ```
 */
export function optValue(
  obj: JsonObject,
  key: string,
  at: DecodePath,
  copy: Copy,
  decodeValue: ValueDecoder,
): Copy {
  return obj[key] === undefined ? copy : reqValue(obj, key, at, copy, decodeValue);
}

// The largest array index: V8 keeps such keys of an object as "elements".
const MAX_INDEX = 4294967294;

/** The value of an all-digit key (1 to 16 digits), or -1. */
function digitsValue(key: string): number {
  if (key.length === 0 || key.length > 16) return -1;
  let n = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** The entry at a numeric `key`; throws at `at[key]` when the key is not numeric. */
function entryAt(map: JsonObject, key: string, at: DecodePath): unknown {
  const n = digitsValue(key);
  if (n < 0) {
    at.sub = key;
    throw at.error(undefined, "expected a numeric key");
  }
  // Epoch seconds are array indices to V8, so these maps hold them as dictionary elements;
  // looking them up by number skips a string-to-index conversion per entry (a quarter of
  // the decoding time of sleep series). "007" is not an index: it stays a string lookup.
  return n <= MAX_INDEX && (key.length === 1 || key.charCodeAt(0) !== 48) ? map[n] : map[key];
}

function keyedObject(value: unknown, at: DecodePath): JsonObject {
  if (isJsonObject(value)) return value;
  if (Array.isArray(value)) {
    // PHP writes a map as a list only when its keys are exactly 0..n-1. Epoch seconds and
    // event types (from 1) never are, so only the empty map arrives as a list (quirk Q12).
    if (value.length === 0) return {};
    throw at.error(undefined, "expected an object keyed by numbers, got a non-empty array");
  }
  throw fail(at, undefined, "an object keyed by numbers", value);
}

/**
 * Decodes a map keyed by numbers (epoch seconds, event types): checks each key and decodes
 * each entry with `decodeEntry`. `[]` reads as `{}` (quirk Q12).
 *
 * @example
 * ```ts
 * decodeKeyed({ "1704412800": { steps: 12 } }, DecodePath.root().child("series"), decodeSample);
 * ```
 */
export function decodeKeyed(value: unknown, at: DecodePath, decodeEntry: ValueDecoder): JsonObject {
  const map = keyedObject(value, at);
  const keys = Object.keys(map);
  let out: JsonObject | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const entry = entryAt(map, key, at);
    at.sub = key;
    const decoded = decodeEntry(entry, at);
    if (decoded !== entry) {
      out ??= { ...map };
      out[key] = decoded;
    }
  }
  at.sub = undefined;
  return out ?? map;
}

/**
 * Decodes a series keyed by numbers whose entries are finite numbers (or their decimal
 * text): the hot loop of sleep data fields, without a call per entry. `[]` reads as `{}`
 * (quirk Q12).
 *
 * @example
 * ```ts
 * decodeKeyedNumbers({ "1618691453": 70 }, DecodePath.root().child("hr")); // same object
 * ```
 */
export function decodeKeyedNumbers(value: unknown, at: DecodePath): JsonObject {
  const map = keyedObject(value, at);
  const keys = Object.keys(map);
  let out: JsonObject | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const entry = entryAt(map, key, at);
    if (typeof entry === "number" && Number.isFinite(entry)) continue;
    const n = numberFromText(entry);
    if (n === undefined) {
      at.sub = key;
      throw fail(at, undefined, "a number", entry);
    }
    out ??= { ...map };
    out[key] = n;
  }
  return out ?? map;
}

/**
 * Reads an optional series keyed by numbers with number entries (see
 * {@link decodeKeyedNumbers}).
 *
 * @example
 * ```ts
 * copy = optKeyedNumbers(segment, "hr", at, copy);
 * ```
 */
export function optKeyedNumbers(obj: JsonObject, key: string, at: DecodePath, copy: Copy): Copy {
  const v = obj[key];
  if (v === undefined) return copy;
  const map = decodeKeyedNumbers(v, at.child(key));
  return map === v ? copy : patch(copy, obj, key, map);
}

/**
 * Reads an optional map keyed by numbers (see {@link decodeKeyed}).
 *
 * @example
 * ```ts
 * copy = optKeyed(segment, "hr", at, copy, numberItem);
 * ```
 */
export function optKeyed(
  obj: JsonObject,
  key: string,
  at: DecodePath,
  copy: Copy,
  decodeEntry: ValueDecoder,
): Copy {
  const v = obj[key];
  if (v === undefined) return copy;
  const map = decodeKeyed(v, at.child(key), decodeEntry);
  return map === v ? copy : patch(copy, obj, key, map);
}

/**
 * Reads a required map keyed by numbers (see {@link decodeKeyed}).
 *
 * @example
 * ```ts
 * copy = reqKeyed(body, "series", at, copy, decodeIntradaySample);
 * ```
 */
export function reqKeyed(
  obj: JsonObject,
  key: string,
  at: DecodePath,
  copy: Copy,
  decodeEntry: ValueDecoder,
): Copy {
  const v = obj[key];
  if (v === undefined) throw fail(at, key, "an object keyed by numbers", v);
  return optKeyed(obj, key, at, copy, decodeEntry);
}

/**
 * Item decoder for an integer (or its decimal text).
 *
 * @example
 * ```ts
 * copy = reqArray(body, "signal", at, copy, intItem);
 * ```
 */
export function intItem(value: unknown, at: DecodePath): unknown {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  const n = intFromText(value);
  if (n === undefined) throw fail(at, undefined, "an integer", value);
  return n;
}

/**
 * Item decoder for a finite number (or its decimal text).
 *
 * @example
 * ```ts
 * copy = optKeyed(segment, "rmssd", at, copy, numberItem);
 * ```
 */
export function numberItem(value: unknown, at: DecodePath): unknown {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const n = numberFromText(value);
  if (n === undefined) throw fail(at, undefined, "a number", value);
  return n;
}

/**
 * Item decoder for an array of finite numbers.
 *
 * @example
 * ```ts
 * copy = optKeyed(data, "night_events", at, copy, numberListItem);
 * ```
 */
export function numberListItem(value: unknown, at: DecodePath): unknown {
  if (!Array.isArray(value)) throw fail(at, undefined, "an array of numbers", value);
  return decodeItems(value, at.items(), numberItem);
}
