import { invalidRow } from "./_sql.js";
import type { DerivedColumn, LooseRow, StoreTable } from "./_store-tables.js";

// Cell kinds as small ints: the encoder's inner loop switches on them for every cell.
const NUMBER = 0;
const TEXT = 1;
const BOOLEAN = 2;

type Derive = (row: LooseRow) => number | string | undefined;

/**
 * Turns a `toRows` row into the parameters of an insert: the user, the row's cells in the
 * table's column order (checked against their kinds), then the derived columns. An
 * occurrence is left 0: it is numbered once the row's record is known. SQLite keeps
 * booleans as 0/1 (`"integer"`); PostgreSQL has a boolean type (`"boolean"`).
 */
export class RowEncoder {
  readonly #keys: readonly string[];
  readonly #kinds: Int8Array;
  readonly #nullable: readonly boolean[];
  readonly #derived: readonly DerivedColumn[];
  readonly #derives: readonly (Derive | undefined)[];
  readonly #integerBooleans: boolean;

  constructor(def: StoreTable, booleans: "integer" | "boolean") {
    const columns = def.layout.columns;
    this.#keys = columns.map((c) => c.key);
    this.#kinds = Int8Array.from(columns, (c) =>
      c.kind === "text" ? TEXT : c.kind === "boolean" ? BOOLEAN : NUMBER,
    );
    this.#nullable = columns.map((c) => c.nullable);
    this.#derived = def.derived;
    this.#derives = def.derived.map((d) => ("derive" in d ? d.derive : undefined));
    this.#integerBooleans = booleans === "integer";
  }

  /** The insert parameters of `row`, the `index`-th of a batch of `dataset` (named in errors). */
  encode(userId: string, row: LooseRow, index: number, dataset: string): unknown[] {
    const keys = this.#keys;
    const kinds = this.#kinds;
    const derived = this.#derived;
    const derives = this.#derives;
    const params: unknown[] = new Array(1 + keys.length + derived.length);
    params[0] = userId;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      let value = row[key];
      if (value === undefined || value === null) {
        if (!this.#nullable[i]) throw invalidRow(dataset, index, `\`${key}\` is missing`);
        value = null;
      } else {
        const kind = kinds[i];
        if (kind === NUMBER) {
          // NaN would be stored as NULL and come back different.
          if (typeof value !== "number" || Number.isNaN(value)) {
            throw invalidRow(dataset, index, `\`${key}\` must be a number`);
          }
        } else if (kind === TEXT) {
          if (typeof value !== "string")
            throw invalidRow(dataset, index, `\`${key}\` must be a string`);
        } else {
          if (typeof value !== "boolean")
            throw invalidRow(dataset, index, `\`${key}\` must be a boolean`);
          if (this.#integerBooleans) value = value ? 1 : 0;
        }
      }
      params[i + 1] = value;
    }
    let at = 1 + keys.length;
    for (let d = 0; d < derives.length; d++) {
      const derive = derives[d];
      // An occurrence is numbered once the row's record is known (see `upsert`).
      if (derive === undefined) {
        params[at++] = 0;
        continue;
      }
      const value = derive(row);
      if (value === undefined) {
        const column = derived[d];
        throw invalidRow(dataset, index, column !== undefined && "why" in column ? column.why : "");
      }
      params[at++] = value;
    }
    return params;
  }
}

/**
 * How many rows of `seen` (the values at `among` of earlier rows, flat) have the values of
 * `params` at `among`; appends those values to `seen`.
 */
export function nextOccurrence(
  seen: unknown[],
  params: readonly unknown[],
  among: readonly number[],
): number {
  const width = among.length;
  let n = 0;
  for (let at = 0; at < seen.length; at += width) {
    let same = true;
    for (let k = 0; k < width; k++) {
      if (seen[at + k] !== params[among[k] as number]) {
        same = false;
        break;
      }
    }
    if (same) n++;
  }
  for (const i of among) seen.push(params[i]);
  return n;
}
