import { StoreError } from "../../store/store-error.js";
import type { ParquetColumn, ParquetColumnType } from "./parquet-columns.js";

/** A cell as hyparquet-writer takes it for the column's physical type. */
export type PhysicalCell = string | number | bigint | boolean | null;

/** Turns one stored cell into its physical Parquet value; throws on a cell that does not fit. */
export type CellEncoder = (cell: unknown) => PhysicalCell;

const DAY_MS = 86_400_000;
// The stores write instants as whole-second `…Z` text (`store/instants.ts`); a fraction is
// accepted so that millisecond text, should a layout ever carry it, is kept, not refused.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})$/;

/**
 * The encoder of a column. Local days repeat across thousands of consecutive rows (every
 * intraday sample of a day), so day and instant encoders remember the last text they read.
 */
export function cellEncoder(dataset: string, column: ParquetColumn): CellEncoder {
  const physical = encodeOf(column.type);
  const where = `${dataset}.${column.name}`;
  return (cell) => {
    if (cell === null || cell === undefined) {
      if (column.nullable) return null;
      throw invalid(where, "is null but the column is not nullable");
    }
    const value = physical(cell);
    if (value === undefined) throw invalid(where, `cannot be stored as ${column.type}`);
    return value;
  };
}

function invalid(where: string, what: string): StoreError {
  // The cell itself is left out: rows are health data and error messages end up in logs.
  return new StoreError("STORE_INVALID_ROW", `parquet export: a value of ${where} ${what}`);
}

function encodeOf(type: ParquetColumnType): (cell: unknown) => PhysicalCell | undefined {
  switch (type) {
    case "STRING":
      return (cell) => (typeof cell === "string" ? cell : undefined);
    case "BOOLEAN":
      return (cell) => (typeof cell === "boolean" ? cell : undefined);
    case "DOUBLE":
      return (cell) => (typeof cell === "number" ? cell : undefined);
    case "INT32":
      return (cell) =>
        Number.isInteger(cell) &&
        (cell as number) >= -2_147_483_648 &&
        (cell as number) <= 2_147_483_647
          ? (cell as number)
          : undefined;
    case "INT64":
      return (cell) => (Number.isSafeInteger(cell) ? BigInt(cell as number) : undefined);
    case "TIMESTAMP":
      return remembering((text) => {
        if (!INSTANT.test(text)) return undefined;
        const ms = Date.parse(text);
        // Date.parse rolls an impossible day over ("…-02-30" is 1 March): only a text that
        // reads back the same is the instant the database holds.
        if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 19) !== text.slice(0, 19))
          return undefined;
        return BigInt(ms);
      });
    case "DATE":
      return remembering((text) => {
        const m = DAY.exec(text);
        if (m === null) return undefined;
        // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999; the read-back
        // refuses the days Date rolls into the next month.
        const day = new Date(0);
        day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        if (day.toISOString().slice(0, 10) !== text) return undefined;
        return day.getTime() / DAY_MS;
      });
    case "TIME":
      return (cell) => {
        if (typeof cell !== "string") return undefined;
        const m = TIME.exec(cell);
        if (m === null) return undefined;
        const h = Number(m[1]);
        const min = Number(m[2]);
        const s = Number(m[3]);
        return h < 24 && min < 60 && s < 60 ? ((h * 60 + min) * 60 + s) * 1000 : undefined;
      };
  }
}

function remembering(
  parse: (text: string) => PhysicalCell | undefined,
): (cell: unknown) => PhysicalCell | undefined {
  let lastText: string | undefined;
  let lastValue: PhysicalCell | undefined;
  return (cell) => {
    if (typeof cell !== "string") return undefined;
    if (cell !== lastText) {
      lastText = cell;
      lastValue = parse(cell);
    }
    return lastValue;
  };
}
