// DuckDB as the independent reader of exported files: nothing here shares code with the
// writer, so a file both sides agree on is a file other tools read the same way.
import { DuckDBInstance } from "@duckdb/node-api";

/** A DuckDB connection that answers plain JavaScript rows. */
export interface Duck {
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function openDuck(): Promise<Duck> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A single-quoted SQL string literal. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
