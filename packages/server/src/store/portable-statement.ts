import type BetterSqlite3 from "better-sqlite3";

/**
 * A statement written once for both databases, with PostgreSQL's `$1 … $n` parameters,
 * prepared on SQLite (which has no numbered parameters in better-sqlite3: they become
 * named ones).
 */
export interface PortableStatement {
  run(...args: readonly unknown[]): BetterSqlite3.RunResult;
  get<T>(...args: readonly unknown[]): T | undefined;
  all<T>(...args: readonly unknown[]): T[];
}

export function prepareOnSqlite(db: BetterSqlite3.Database, sql: string): PortableStatement {
  const statement = db.prepare(sql.replace(/\$(\d+)/g, "@p$1"));
  const named = (args: readonly unknown[]) =>
    Object.fromEntries(args.map((value, i) => [`p${i + 1}`, value]));
  return {
    run: (...args) => statement.run(named(args)),
    get: <T>(...args: readonly unknown[]) => statement.get(named(args)) as T | undefined,
    all: <T>(...args: readonly unknown[]) => statement.all(named(args)) as T[],
  };
}
