import { createHash } from "node:crypto";
import { measureTypes } from "@withings-kit/client";
import { tableOf } from "../../store/dataset-tables.js";
import type { SyncDataset } from "../../sync-dataset.js";
import type { ParquetColumn } from "./parquet-columns.js";

/**
 * The version of the mapping from stored rows to Parquet (names, types, the metadata's
 * shape). Bumped when a decision changes, so readers can tell files apart.
 */
export const PARQUET_LAYOUT_VERSION = 1;

/** What a Parquet export says about itself, written as JSON under the key `withings_kit`. */
export interface ParquetFileInfo {
  readonly format: "withings-kit-parquet";
  readonly layout_version: number;
  /** A short hash of the stored table layout (names, kinds, nullability) the rows follow. */
  readonly row_layout: string;
  readonly dataset: SyncDataset;
  readonly table: string;
  readonly exported_at: string;
  readonly query: {
    readonly user_id: string | null;
    readonly from: number | null;
    readonly to: number | null;
  };
  readonly notes: readonly string[];
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly nullable: boolean;
    readonly meaning: string;
  }[];
  readonly measure_types?: Readonly<
    Record<string, { readonly key: string; readonly name: string; readonly unit: string }>
  >;
}

const NOTES = [
  "TIMESTAMP columns are UTC instants in milliseconds; DATE and TIME columns are the local day and time in the row's timezone column.",
  "Measures and goals: value = raw_value × 10^raw_unit. value is a DOUBLE, rounded to the nearest double of the exact decimal; raw_value and raw_unit are exact.",
  "Column names are the database's column names; user_id is added by the export.",
];

/** The file's self-description for a dataset, its columns and the query that made it. */
export function parquetFileInfo(
  dataset: SyncDataset,
  columns: readonly ParquetColumn[],
  query: { readonly userId?: string; readonly from?: number; readonly to?: number },
  now: Date,
): ParquetFileInfo {
  const table = tableOf(dataset);
  const layout = table.columns.map((c) => `${c.column}:${c.kind}:${c.nullable ? 1 : 0}`).join(",");
  const isMeasures = table.dataset === "measures";
  return {
    format: "withings-kit-parquet",
    layout_version: PARQUET_LAYOUT_VERSION,
    row_layout: createHash("sha256").update(layout).digest("hex").slice(0, 16),
    dataset,
    table: table.table,
    exported_at: now.toISOString(),
    query: { user_id: query.userId ?? null, from: query.from ?? null, to: query.to ?? null },
    notes: NOTES,
    columns: columns.map(({ name, type, nullable, meaning }) => ({
      name,
      type,
      nullable,
      meaning,
    })),
    // The catalogue the `type`, `key`, `name` and `unit` columns were filled from, so a file
    // explains its own codes without the package.
    ...(isMeasures
      ? {
          measure_types: Object.fromEntries(
            [...measureTypes.values()].map((t) => [
              String(t.code),
              { key: t.key, name: t.name, unit: t.unit },
            ]),
          ),
        }
      : {}),
  };
}
