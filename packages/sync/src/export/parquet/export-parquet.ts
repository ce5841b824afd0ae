import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { ParquetWriter } from "hyparquet-writer";
import type { RowQuery, Store } from "../../store/store.js";
import { StoreError } from "../../store/store-error.js";
import type { ExportResult } from "../export-rows.js";
import { cellEncoder, type PhysicalCell } from "./_cell-encoder.js";
import { parquetFileInfo } from "./_parquet-metadata.js";
import { schemaElements } from "./_schema-elements.js";
import { WritableWriter } from "./_writable-writer.js";
import { parquetColumns } from "./parquet-columns.js";

/**
 * What {@link exportParquet} writes: the rows of a {@link RowQuery} — one user's, or every
 * user's when `userId` is absent — as one Parquet file.
 *
 * @example
 * ```ts
 * const o: ParquetExportOptions = { dataset: "intraday", from: 1_704_067_200, rowGroupRows: 100_000 };
 * ```
 */
export interface ParquetExportOptions extends RowQuery {
  /**
   * Rows per row group, 1 to 1,048,576: the most rows held in memory at once. 65,536 rows
   * of the widest table (sleep summaries, 65 columns) stay within a few tens of MiB while
   * encoding, and make row groups large enough for good compression and useful statistics.
   * @default 65_536
   */
  readonly rowGroupRows?: number;
  /**
   * End the writable when done and wait until it has flushed (`finish`). Pass `false` for
   * `process.stdout`.
   * @default true
   */
  readonly end?: boolean;
}

const DEFAULT_ROW_GROUP_ROWS = 65_536;
const MAX_ROW_GROUP_ROWS = 1_048_576;

/**
 * Streams stored rows to a Node `Writable` as one Parquet file, a row group at a time: rows
 * come from `store.rows()` a page at a time, at most `rowGroupRows` of them are held, and
 * each completed row group's bytes go to the writable (waiting for `drain`) before the next
 * is read. Stored rows carry no user id, so the file's first column is `user_id` and users
 * are exported one after another, sorted, when `userId` is absent.
 *
 * Columns keep the database's names and get real types (see {@link parquetColumns}): UTC
 * instants are `TIMESTAMP` (UTC-adjusted, milliseconds), local days `DATE`, local times
 * `TIME`, ids and counts `INT64`, nulls kept. The key-value metadata entry `withings_kit`
 * holds JSON with the dataset, the export time, the layout version and a meaning per column.
 * The store is only read. If the export fails, the writable is neither ended nor destroyed,
 * and what it received is not a valid Parquet file.
 *
 * @throws {StoreError} `STORE_INVALID_ARGUMENT` for an unknown dataset or a bad option,
 *   `STORE_INVALID_ROW` for a stored value that does not fit its column, `STORE_IO` when the
 *   writable errors or closes before the file is complete.
 * @example
 * ```ts
 * const { rows, bytes } = await exportParquet(store, { dataset: "measures" }, createWriteStream("measures.parquet"));
 * // duckdb: SELECT user_id, date, key, value FROM 'measures.parquet' ORDER BY date;
 * ```
 */
export async function exportParquet(
  store: Store,
  options: ParquetExportOptions,
  out: Writable,
): Promise<ExportResult> {
  if (typeof options !== "object" || options === null) {
    throw invalidArgument("options must be an object");
  }
  const { dataset } = options;
  const columns = parquetColumns(dataset);
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  if (!Number.isInteger(rowGroupRows) || rowGroupRows < 1 || rowGroupRows > MAX_ROW_GROUP_ROWS) {
    throw invalidArgument(
      `rowGroupRows must be an integer from 1 to ${MAX_ROW_GROUP_ROWS}, got ${String(rowGroupRows)}`,
    );
  }
  if (
    options.userId !== undefined &&
    (typeof options.userId !== "string" || options.userId === "")
  ) {
    throw invalidArgument("userId must be a non-empty string");
  }
  for (const bound of ["from", "to"] as const) {
    const value = options[bound];
    if (value !== undefined && !Number.isFinite(value)) {
      throw invalidArgument(`${bound} must be a finite number of epoch seconds`);
    }
  }
  const range = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };

  const writer = new WritableWriter(out, dataset);
  try {
    writer.check();
    const users =
      options.userId === undefined ? [...(await store.users())].sort() : [options.userId];
    const stored = columns.slice(1);
    const keys = stored.map((c) => c.key as string);
    const encoders = stored.map((c) => cellEncoder(dataset, c));
    const parquet = new ParquetWriter({
      writer,
      schema: schemaElements(columns),
      kvMetadata: [
        {
          key: "withings_kit",
          value: JSON.stringify(
            parquetFileInfo(
              dataset,
              columns,
              { ...range, ...(options.userId === undefined ? {} : { userId: options.userId }) },
              new Date(),
            ),
          ),
        },
      ],
      createdBy: "withings-kit",
    });

    let buffered: PhysicalCell[][] = columns.map(() => []);
    let held = 0;
    let rows = 0;
    // One row group per call; `write` calls the writer's `flush`, which resolves once the
    // writable has taken the bytes, so the next rows are read only after that.
    const writeGroup = async (): Promise<void> => {
      const columnData = columns.map((c, i) => ({
        name: c.name,
        data: buffered[i] as PhysicalCell[],
      }));
      buffered = columns.map(() => []);
      const size = held;
      held = 0;
      await parquet.write({ columnData, rowGroupSize: size });
    };

    for (const userId of users) {
      for await (const row of store.rows({ dataset, userId, ...range })) {
        const record = row as unknown as Readonly<Record<string, unknown>>;
        (buffered[0] as PhysicalCell[]).push(userId);
        for (let i = 0; i < keys.length; i++) {
          (buffered[i + 1] as PhysicalCell[]).push(
            (encoders[i] as (typeof encoders)[number])(record[keys[i] as string]),
          );
        }
        held++;
        rows++;
        if (held === rowGroupRows) await writeGroup();
      }
    }
    if (held > 0) await writeGroup();
    await parquet.finish();
    if (options.end !== false) {
      out.end();
      try {
        await finished(out);
      } catch (error) {
        writer.check();
        throw error;
      }
    }
    return { rows, bytes: writer.written };
  } finally {
    writer.release();
  }
}

function invalidArgument(what: string): StoreError {
  return new StoreError("STORE_INVALID_ARGUMENT", `exportParquet: ${what}`);
}
