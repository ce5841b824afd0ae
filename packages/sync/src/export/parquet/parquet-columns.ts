import { type DatasetColumn, tableOf } from "../../store/dataset-tables.js";
import { StoreError } from "../../store/store-error.js";
import { SYNC_DATASETS, type SyncDataset } from "../../sync-dataset.js";
import { INT32_KEYS, TEXT_COLUMNS } from "./_column-decisions.js";
import { columnMeaning } from "./_column-meanings.js";

/**
 * The Parquet type of an exported column:
 * - `TIMESTAMP`: INT64 milliseconds, UTC-adjusted (DuckDB `TIMESTAMP WITH TIME ZONE`);
 * - `DATE`: INT32 days since 1970-01-01, a local calendar day;
 * - `TIME`: INT32 milliseconds since local midnight, not UTC-adjusted;
 * - `INT64`, `INT32`, `DOUBLE`, `BOOLEAN`;
 * - `STRING`: UTF-8 byte array.
 *
 * @example
 * ```ts
 * const t: ParquetColumnType = "TIMESTAMP";
 * ```
 */
export type ParquetColumnType =
  | "STRING"
  | "TIMESTAMP"
  | "DATE"
  | "TIME"
  | "INT64"
  | "INT32"
  | "DOUBLE"
  | "BOOLEAN";

/**
 * One column of a Parquet export.
 *
 * @example
 * ```ts
 * const c: ParquetColumn = { name: "raw_unit", key: "rawUnit", type: "INT32", nullable: false,
 *   meaning: "Power-of-ten exponent as the API sent it (value = raw_value × 10^raw_unit)" };
 * ```
 */
export interface ParquetColumn {
  /** The stored SQL column name (snake_case), so files and database agree. */
  readonly name: string;
  /** The row key `Store.rows` gives the value under; `null` for `user_id`, which the export adds. */
  readonly key: string | null;
  readonly type: ParquetColumnType;
  /** OPTIONAL in the file (the stored column allows null); REQUIRED otherwise. */
  readonly nullable: boolean;
  /** One line on what the column holds, also written into the file's metadata. */
  readonly meaning: string;
}

const USER_ID: ParquetColumn = Object.freeze({
  name: "user_id",
  key: null,
  type: "STRING",
  nullable: false,
  meaning: "Withings user id the row belongs to (added by the export; stored rows carry none)",
});

const cache = new Map<SyncDataset, readonly ParquetColumn[]>();

/**
 * The columns a Parquet export of `dataset` writes, in order: `user_id` (STRING), then the
 * dataset's stored columns under their SQL names, typed from their stored kind and what
 * their text holds — ISO UTC instants as `TIMESTAMP`, `YYYY-MM-DD` local days as `DATE`,
 * `HH:MM:SS` local times as `TIME`, integers as `INT64` (`raw_unit` and `offset_minutes` as
 * `INT32`), reals as `DOUBLE`, booleans as `BOOLEAN`, other text as `STRING`.
 *
 * @throws {StoreError} `STORE_INVALID_ARGUMENT` for a dataset that is not a sync dataset.
 * @example
 * ```ts
 * parquetColumns("measures").map((c) => `${c.name} ${c.type}`);
 * // ["user_id STRING", "grpid INT64", "type INT64", …, "date TIMESTAMP", "local_date DATE", …]
 * ```
 */
export function parquetColumns(dataset: SyncDataset): readonly ParquetColumn[] {
  const known = cache.get(dataset);
  if (known !== undefined) return known;
  if (!SYNC_DATASETS.includes(dataset)) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `parquet export: unknown dataset ${JSON.stringify(dataset)}`,
    );
  }
  const table = tableOf(dataset);
  const texts = TEXT_COLUMNS[table.dataset];
  const columns = Object.freeze([
    USER_ID,
    ...table.columns.map((column) =>
      Object.freeze({
        name: column.column,
        key: column.key,
        type: typeOf(column, texts[column.key], table.dataset),
        nullable: column.nullable,
        meaning: meaningOf(table.dataset, column.column),
      }),
    ),
  ]);
  cache.set(dataset, columns);
  return columns;
}

function typeOf(
  column: DatasetColumn,
  text: string | undefined,
  dataset: string,
): ParquetColumnType {
  if (column.kind === "text") {
    // A new text column must be decided in TEXT_COLUMNS: an instant exported as a string
    // would be a silent downgrade, so the export refuses rather than guesses.
    if (text === undefined) {
      throw new Error(`parquet export: no type decided for ${dataset}.${column.key}`);
    }
    if (text === "instant") return "TIMESTAMP";
    if (text === "date") return "DATE";
    if (text === "time") return "TIME";
    return "STRING";
  }
  if (column.kind === "integer") return INT32_KEYS.has(column.key) ? "INT32" : "INT64";
  if (column.kind === "real") return "DOUBLE";
  return "BOOLEAN";
}

function meaningOf(dataset: Parameters<typeof columnMeaning>[0], column: string): string {
  const meaning = columnMeaning(dataset, column);
  if (meaning === undefined) {
    throw new Error(`parquet export: no meaning written for ${dataset}.${column}`);
  }
  return meaning;
}
