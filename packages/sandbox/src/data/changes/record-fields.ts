import { SandboxParamError } from "../sandbox-param-error.js";
import type { JsonObject, JsonValue } from "./json-value.js";

/**
 * Checked reads of the fields of a record in a data change. A field that is present with
 * the wrong JSON type is a {@link SandboxParamError} naming the dataset and the field.
 *
 * @example
 * ```ts
 * const f = new RecordFields({ date: 1700000000 }, "measures");
 * f.requiredInt("date"); // 1700000000
 * f.int("attrib"); // undefined
 * ```
 */
export class RecordFields {
  readonly record: JsonObject;
  readonly #what: string;

  constructor(record: JsonObject, what: string) {
    this.record = record;
    this.#what = what;
  }

  /** True when the record has the field (even `null`). */
  has(name: string): boolean {
    return Object.hasOwn(this.record, name);
  }

  /** An integer, or `undefined` when absent. */
  int(name: string): number | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) this.#fail(name, "an integer");
    return value;
  }

  /** An integer that must be there. */
  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) this.#fail(name, "an integer (required)");
    return value;
  }

  /** A finite number, or `undefined`. */
  number(name: string): number | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) this.#fail(name, "a number");
    return value;
  }

  /** An integer or `null`, or `undefined` when absent. */
  intOrNull(name: string): number | null | undefined {
    return this.record[name] === null ? null : this.int(name);
  }

  /** A string, or `undefined`. */
  string(name: string): string | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") this.#fail(name, "a string");
    return value;
  }

  /** A string or `null`, or `undefined` when absent. */
  stringOrNull(name: string): string | null | undefined {
    return this.record[name] === null ? null : this.string(name);
  }

  /** A boolean, or `undefined`. */
  bool(name: string): boolean | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") this.#fail(name, "a boolean");
    return value;
  }

  /** A JSON object, or `undefined`. */
  object(name: string): JsonObject | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (!isObject(value)) this.#fail(name, "an object");
    return value;
  }

  /** A JSON array, or `undefined`. */
  array(name: string): readonly JsonValue[] | undefined {
    const value = this.record[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.#fail(name, "an array");
    return value as readonly JsonValue[];
  }

  #fail(name: string, expected: string): never {
    throw new SandboxParamError(`${this.#what}: ${name} must be ${expected}`);
  }
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
