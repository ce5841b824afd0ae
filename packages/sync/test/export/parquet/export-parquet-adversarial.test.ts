import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GetMeasBody, type RowOf, toRows } from "@withings-kit/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportParquet, isStoreError } from "../../../src/index.js";
import { openSqliteStore, type SqliteStore } from "../../../src/sqlite.js";
import { type Duck, openDuck, quote } from "./duckdb-reader.js";

const U = "7";

let dir: string;
let duck: Duck;
let store: SqliteStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "withings-kit-parquet-adv-"));
  duck = await openDuck();
});
afterAll(() => {
  duck?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  store = openSqliteStore(":memory:");
  return () => store.close();
});

/** One stored weight, with the given cells replaced as a careless writer might store them. */
async function storeWeight(cells: Partial<RowOf<"measures">>): Promise<void> {
  const body: GetMeasBody = {
    timezone: "Europe/Paris",
    measuregrps: [
      {
        grpid: 1,
        attrib: 0,
        date: 1_709_280_000,
        created: 1_709_280_000,
        modified: 1_709_280_000,
        category: 1,
        measures: [{ type: 1, value: 80_500, unit: -3 }],
      },
    ],
  };
  const [row] = toRows("measures", body);
  await store.apply({ userId: U, dataset: "measures", upsert: [{ ...row!, ...cells }] });
}

async function exported(name: string): Promise<string> {
  const file = join(dir, `${name}.parquet`);
  await exportParquet(store, { dataset: "measures" }, createWriteStream(file));
  return file;
}

describe("exportParquet: a DATE or TIMESTAMP never says another day than the database", () => {
  // Date.parse and Date.UTC roll an impossible day over into the next month, so a stored
  // "2024-02-30" would have been written as 2024-03-01: refusing it is the only honest answer.
  it.each([
    [{ localDate: "2024-02-30" }],
    [{ localDate: "2023-02-29" }],
    [{ localDate: "2024-13-01" }],
    [{ localDate: "2024-00-10" }],
    [{ modified: "2024-02-30T10:00:00Z" }],
    [{ created: "2024-04-31T00:00:00Z" }],
  ])("refuses the impossible day in %j with STORE_INVALID_ROW", async (cells) => {
    await storeWeight(cells);
    const error = await exported("impossible").catch((e: unknown) => e);
    expect(isStoreError(error) && error.code).toBe("STORE_INVALID_ROW");
  });

  it("keeps a year below 100 as that year (Date.UTC reads 0–99 as 1900–1999)", async () => {
    await storeWeight({ localDate: "0050-06-15", created: "0050-06-15T12:00:00Z" });
    const file = await exported("early");
    const rows = await duck.all(
      `SELECT CAST(local_date AS VARCHAR) AS d, epoch_ms(created) AS c FROM read_parquet(${quote(file)})`,
    );
    expect(rows).toEqual([{ d: "0050-06-15", c: BigInt(Date.parse("0050-06-15T12:00:00Z")) }]);
  });

  it("keeps a leap day and the last day of a month", async () => {
    await storeWeight({ localDate: "2024-02-29", modified: "2024-12-31T23:59:59Z" });
    const file = await exported("leap");
    const rows = await duck.all(
      `SELECT CAST(local_date AS VARCHAR) AS d, epoch_ms(modified) AS m FROM read_parquet(${quote(file)})`,
    );
    expect(rows).toEqual([{ d: "2024-02-29", m: BigInt(Date.parse("2024-12-31T23:59:59Z")) }]);
  });
});
