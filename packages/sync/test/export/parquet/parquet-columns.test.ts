import { describe, expect, it } from "vitest";
import { TEXT_COLUMNS } from "../../../src/export/parquet/_column-decisions.js";
import { parquetColumns, SYNC_DATASETS } from "../../../src/index.js";
import { datasetTables, tableOf } from "../../../src/testing.js";

describe("parquetColumns", () => {
  it("has decided what every stored text column holds, and decides nothing stale", () => {
    // Fails when a table gains (or loses) a text column: decide in TEXT_COLUMNS whether it
    // is an instant, a local day, a local time or plain text.
    for (const table of Object.values(datasetTables)) {
      const stored = table.columns.filter((c) => c.kind === "text").map((c) => c.key);
      expect(Object.keys(TEXT_COLUMNS[table.dataset]).sort(), table.dataset).toEqual(
        [...stored].sort(),
      );
    }
  });

  it("types every column of every dataset, with a meaning, user_id first", () => {
    for (const dataset of SYNC_DATASETS) {
      const columns = parquetColumns(dataset);
      expect(columns[0]).toMatchObject({ name: "user_id", key: null, type: "STRING" });
      expect(columns.slice(1).map((c) => [c.name, c.nullable])).toEqual(
        tableOf(dataset).columns.map((c) => [c.column, c.nullable]),
      );
      for (const c of columns) expect(c.meaning.length, `${dataset}.${c.name}`).toBeGreaterThan(3);
    }
  });

  it("maps instants, days, times, ids and exponents as documented", () => {
    const types = (dataset: Parameters<typeof parquetColumns>[0]) =>
      Object.fromEntries(parquetColumns(dataset).map((c) => [c.name, c.type]));
    expect(types("measures")).toMatchObject({
      grpid: "INT64",
      value: "DOUBLE",
      raw_value: "INT64",
      raw_unit: "INT32",
      date: "TIMESTAMP",
      local_date: "DATE",
      local_time: "TIME",
      offset_minutes: "INT32",
      ambiguous: "BOOLEAN",
      created: "TIMESTAMP",
      key: "STRING",
    });
    expect(types("activity")).toMatchObject({ date: "DATE", modified: "TIMESTAMP" });
    expect(types("workouts")).toMatchObject({
      id: "INT64",
      date: "DATE",
      startdate: "TIMESTAMP",
      local_start_time: "TIME",
    });
    expect(types("devices")).toMatchObject({ last_session_date: "TIMESTAMP", type: "STRING" });
  });
});
