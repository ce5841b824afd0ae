import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Cell } from "@withings-kit/client";
import { tableOf } from "../store/dataset-tables.js";
import type { RowQuery, Store } from "../store/store.js";
import { StoreError } from "../store/store-error.js";
import { drained } from "./_drained.js";
import { csvField } from "./csv-field.js";

/**
 * An export format: CSV (RFC 4180, header line, CRLF), NDJSON (one JSON object per line) or
 * one JSON array.
 *
 * @example
 * ```ts
 * const f: ExportFormat = "ndjson";
 * ```
 */
export type ExportFormat = "csv" | "ndjson" | "json";

/**
 * What {@link exportRows} writes: the rows of a {@link RowQuery}, in a format.
 *
 * @example
 * ```ts
 * const o: ExportOptions = { dataset: "measures", format: "csv", userId: "42", from: 1_704_067_200 };
 * ```
 */
export interface ExportOptions extends RowQuery {
  readonly format: ExportFormat;
  /**
   * End the writable when done and wait until it has flushed (`finish`). Pass `false` for
   * `process.stdout` or to append more output.
   * @default true
   */
  readonly end?: boolean;
}

/**
 * What an export wrote.
 *
 * @example
 * ```ts
 * const { rows, bytes } = await exportRows(store, options, out);
 * ```
 */
export interface ExportResult {
  readonly rows: number;
  /** UTF-8 bytes handed to the writable. */
  readonly bytes: number;
}

// Rows are formatted into strings of about this size before each write: one write per row
// would cost a stream round trip per row; one string per export would hold it all.
const FLUSH_AT = 64 * 1024;

const FORMATS: ReadonlySet<string> = new Set(["csv", "ndjson", "json"]);

/**
 * Streams stored rows to a Node `Writable` as CSV, NDJSON or a JSON array. Memory stays
 * flat however long the history: rows come from `store.rows()` a page at a time and are
 * written in ~64 KiB pieces, waiting for `drain` whenever the writable says it is full.
 * Rows are written as stored (the `toRows` layout) after a `userId` column, so an export of
 * stored data equals an export of freshly fetched data with its user added; without
 * `userId`, users follow one another, sorted. The CSV header is the first row's keys (the
 * dataset's columns when there are no rows).
 *
 * @throws {StoreError} `STORE_INVALID_ARGUMENT` for an unknown format, `STORE_IO` when the
 *   writable closes early; an `error` the writable emits is rethrown as is.
 * @example
 * ```ts
 * await exportRows(store, { dataset: "measures", format: "csv" }, createWriteStream("measures.csv"));
 * await exportRows(store, { dataset: "sleep", format: "ndjson", end: false }, process.stdout);
 * ```
 */
export async function exportRows(
  store: Store,
  options: ExportOptions,
  writable: Writable,
): Promise<ExportResult> {
  if (typeof options !== "object" || options === null || !FORMATS.has(options.format)) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      "exportRows: format must be csv, ndjson or json",
    );
  }
  const { format } = options;
  const query: RowQuery = {
    dataset: options.dataset,
    ...(options.userId === undefined ? {} : { userId: options.userId }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };

  let failure: unknown;
  const onError = (error: unknown): void => {
    failure ??= error;
  };
  writable.on("error", onError);

  let bytes = 0;
  let pending = "";
  const flush = async (): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (writable.destroyed || writable.writableEnded) {
      throw new StoreError(
        "STORE_IO",
        `export ${options.dataset}: the output closed before the export finished`,
      );
    }
    if (pending === "") return;
    const chunk = pending;
    pending = "";
    bytes += Buffer.byteLength(chunk, "utf8");
    if (!writable.write(chunk)) await drained(writable, () => closedEarly(options.dataset));
    if (failure !== undefined) throw failure;
  };

  let rows = 0;
  let header: readonly string[] | undefined;
  try {
    if (format === "json") pending += "[";
    const users = query.userId === undefined ? [...(await store.users())].sort() : [query.userId];
    for (const userId of users) {
      for await (const row of store.rows({ ...query, userId })) {
        // Stored rows carry no user: without this column the rows of several users could
        // not be told apart.
        const record: Readonly<Record<string, Cell>> = {
          userId,
          ...(row as unknown as Readonly<Record<string, Cell>>),
        };
        if (format === "csv") {
          if (header === undefined) {
            header = Object.keys(record);
            pending += `${header.map(csvField).join(",")}\r\n`;
          }
          let line = "";
          for (let i = 0; i < header.length; i++) {
            if (i > 0) line += ",";
            line += csvField(record[header[i] as string]);
          }
          pending += `${line}\r\n`;
        } else if (format === "ndjson") {
          pending += `${JSON.stringify(record)}\n`;
        } else {
          pending += `${rows === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`;
        }
        rows++;
        if (pending.length >= FLUSH_AT) await flush();
      }
    }
    if (format === "csv" && header === undefined) {
      pending += `${["userId", ...tableOf(options.dataset).columns.map((c) => c.key)]
        .map(csvField)
        .join(",")}\r\n`;
    }
    if (format === "json") pending += rows === 0 ? "]\n" : "\n]\n";
    await flush();
    if (options.end !== false) {
      writable.end();
      await finished(writable);
    }
  } finally {
    writable.off("error", onError);
  }
  return { rows, bytes };
}

function closedEarly(dataset: string): StoreError {
  return new StoreError(
    "STORE_IO",
    `export ${dataset}: the output closed before the export finished`,
  );
}
