import type { SchemaElement } from "hyparquet-writer";
import type { ParquetColumn, ParquetColumnType } from "./parquet-columns.js";

// Both the legacy converted type and the logical type are written: older readers (and some
// Spark and pandas versions) only look at the former, DuckDB and Arrow prefer the latter.
const PHYSICAL: { readonly [T in ParquetColumnType]: Omit<SchemaElement, "name"> } = {
  STRING: { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } },
  TIMESTAMP: {
    type: "INT64",
    converted_type: "TIMESTAMP_MILLIS",
    logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
  },
  DATE: { type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } },
  // TIME_MILLIS as a converted type implies UTC-adjusted, which a local time is not, so
  // only the logical type is written for it.
  TIME: { type: "INT32", logical_type: { type: "TIME", isAdjustedToUTC: false, unit: "MILLIS" } },
  INT64: { type: "INT64" },
  INT32: { type: "INT32" },
  DOUBLE: { type: "DOUBLE" },
  BOOLEAN: { type: "BOOLEAN" },
};

/** The flat Parquet schema of an export: a root, then one leaf per column. */
export function schemaElements(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [
    { name: "root", num_children: columns.length },
    ...columns.map(
      (column): SchemaElement => ({
        name: column.name,
        ...PHYSICAL[column.type],
        repetition_type: column.nullable ? "OPTIONAL" : "REQUIRED",
      }),
    ),
  ];
}
