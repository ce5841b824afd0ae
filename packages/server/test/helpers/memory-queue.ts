import { openSqliteStore, type SqliteStore } from "@withings-kit/sync";
import { openServiceDatabase, SqliteJobQueue } from "../../src/index.js";

/** A job queue in a fresh in-memory store; `close` closes every store it opened. */
export function memoryQueues(): { queue(): SqliteJobQueue; close(): Promise<void> } {
  const stores: SqliteStore[] = [];
  return {
    queue() {
      const store = openSqliteStore(":memory:");
      stores.push(store);
      openServiceDatabase(store.database);
      return new SqliteJobQueue(store.database);
    },
    async close() {
      for (const s of stores.splice(0)) await s.close();
    },
  };
}
