import type { TokenStore } from "@withings-kit/client";
import type { Store } from "@withings-kit/sync";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { PostgresStore, PostgresTokenStore } from "@withings-kit/sync/postgres";
import { openSqliteStore, SqliteTokenStore } from "@withings-kit/sync/sqlite";
import { postgresSchema } from "../../../sync/test/helpers/postgres-schema.js";
import { type ServiceDatabase, sqliteServiceDatabase } from "../../src/index.js";
import { PostgresServiceDatabase } from "../../src/postgres.js";

/** The two databases the service runs on; its suites run on each. */
export const DATABASE_KINDS = ["SQLite", "PostgreSQL"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A store, its token store and the service's tables, all in one database. */
export interface TestServiceDatabase {
  readonly store: Store;
  readonly tokens: TokenStore;
  readonly database: ServiceDatabase;
  /** Runs a read in the database (SQL both databases understand). */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/**
 * Fresh databases for the service's tests: SQLite in memory, or PostgreSQL in a throwaway
 * schema; `close` closes (and drops) every one it opened.
 */
export function serviceDatabases(): {
  open(kind: DatabaseKind): Promise<TestServiceDatabase>;
  close(): Promise<void>;
} {
  const closers: (() => Promise<void>)[] = [];
  return {
    async open(kind) {
      if (kind === "SQLite") {
        const store = openSqliteStore(":memory:");
        closers.push(() => store.close());
        // Tokens first, as the CLI opens them: the service's users read their table.
        const tokens = new SqliteTokenStore(store);
        return {
          store,
          tokens,
          database: sqliteServiceDatabase(store),
          query: async (sql) =>
            sqliteHandle(store).database.prepare(sql).all() as Record<string, unknown>[],
        };
      }
      const schema = await postgresSchema();
      closers.push(() => schema.drop());
      const store = await PostgresStore.open(schema.pool(6));
      closers.push(() => store.close());
      const tokens = await PostgresTokenStore.open(store.pool);
      closers.push(() => tokens.close());
      return {
        store,
        tokens,
        database: await PostgresServiceDatabase.open(store.pool),
        query: async (sql) => (await store.pool.query<Record<string, unknown>>(sql)).rows,
      };
    },
    async close() {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}
