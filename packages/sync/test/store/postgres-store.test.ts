import { afterAll } from "vitest";
import { PostgresStore } from "../../src/postgres.js";
import { postgresSchema, type TestSchema } from "../helpers/postgres-schema.js";
import { describeStoreContract } from "./store-contract.js";

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

describeStoreContract("PostgreSQL", {
  async create() {
    const schema = await postgresSchema();
    const opened: PostgresStore[] = [];
    // A small page, so that streaming crosses pages in every test.
    const open = async (): Promise<PostgresStore> => {
      const store = await PostgresStore.open(schema.pool(4), { pageSize: 257 });
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      cleanup: async () => {
        for (const store of opened) await store.close();
        await schema.drop();
      },
    };
  },
});
