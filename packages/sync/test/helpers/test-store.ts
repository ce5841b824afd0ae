import type { Store } from "@withings-kit/sync";
import { PostgresStore } from "@withings-kit/sync/postgres";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { postgresSchema } from "./postgres-schema.js";

/**
 * The store the engine's tests run on: SQLite in memory, or with
 * `WITHINGS_KIT_TEST_STORE=postgres` a PostgreSQL store in a throwaway schema (dropped on
 * close), so that one suite proves the engine on both. Synchronous like `openSqliteStore`:
 * the PostgreSQL store opens on first use.
 */
export function testStore(): Store {
  if (process.env["WITHINGS_KIT_TEST_STORE"] !== "postgres") return openSqliteStore(":memory:");
  const opening = (async () => {
    const schema = await postgresSchema();
    return { schema, store: await PostgresStore.open(schema.pool(4)) };
  })();
  const store = async (): Promise<Store> => (await opening).store;
  return {
    apply: async (batch) => (await store()).apply(batch),
    getState: async (userId, dataset) => (await store()).getState(userId, dataset),
    recordKeys: async (userId, dataset, from, to) =>
      (await store()).recordKeys(userId, dataset, from, to),
    async *rows(query) {
      yield* (await store()).rows(query);
    },
    counts: async (userId) => (await store()).counts(userId),
    users: async () => (await store()).users(),
    units: async (userId, dataset, options) => (await store()).units(userId, dataset, options),
    lock: async (userId, holder, options) => (await store()).lock(userId, holder, options),
    unlock: async (userId, holder) => (await store()).unlock(userId, holder),
    async close() {
      const { schema, store: opened } = await opening;
      await opened.close();
      await schema.drop();
    },
  };
}
