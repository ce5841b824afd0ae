import pg from "pg";

/** A pool, or one of its clients inside a transaction. */
export type Queryable = pg.Pool | pg.ClientBase;

// BIGINT (OID 20) comes back as a string by default, as it can exceed 2^53; the store's
// BIGINT columns only ever hold safe integers, so it is read as a number. Set per query,
// so the caller's pool and every other user of `pg` keep their own parsers.
const INT8 = 20;
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/** Runs a statement, BIGINT read as numbers. */
export function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<pg.QueryResult<R>> {
  return db.query<R>({ text, values: values as unknown[], types: TYPES });
}

/** Runs a statement and gives its rows as arrays of cells, in the order of the select list. */
export async function queryArrays(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<unknown[][]> {
  const result = await db.query<unknown[]>({
    text,
    values: values as unknown[],
    types: TYPES,
    rowMode: "array",
  });
  return result.rows;
}
