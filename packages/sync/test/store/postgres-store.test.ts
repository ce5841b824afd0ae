import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isStoreError, type StoredRow } from "../../src/index.js";
import { PostgresStore } from "../../src/postgres.js";
import { postgresSchema, schemaConnection, type TestSchema } from "../helpers/postgres-schema.js";
import { realRows } from "./real-rows.js";
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

describe("PostgresStore across processes and failures", () => {
  async function schema(): Promise<TestSchema> {
    const made = await postgresSchema();
    schemas.push(made);
    return made;
  }

  it("migrates once when several stores open a new database together", async () => {
    const s = await schema();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => PostgresStore.open(s.pool(2))),
    );
    const ran = stores.flatMap((store) => store.migrations.map((m) => m.migrationName));
    expect(ran).toEqual(["0001-initial"]);
    const pool = s.pool(1);
    const { rows } = await pool.query("SELECT name FROM schema_migrations");
    expect(rows.map((r: { name: string }) => r.name)).toEqual(["0001-initial"]);
    for (const store of stores) await store.close();
  });

  it("refuses a database migrated by a newer version, touching nothing", async () => {
    const s = await schema();
    await (await PostgresStore.open(s.pool(2))).close();
    const pool = s.pool(1);
    await pool.query(
      "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999-future', 'x')",
    );
    const error = await PostgresStore.open(s.pool(2)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStoreError(error) && error.code).toBe("STORE_SCHEMA_TOO_NEW");
  });

  it("gives a user's lease to exactly one of many stores asking at once", async () => {
    const s = await schema();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresStore.open(s.pool(3))),
    );
    const attempts = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (stores[i % stores.length] as PostgresStore).lock("u", `holder-${i}`, {
          now: 1000,
          leaseSeconds: 60,
        }),
      ),
    );
    expect(attempts.filter((a) => a.acquired)).toHaveLength(1);
    for (const store of stores) await store.close();
  });

  it("loses nothing stored when its connection dies in the middle of a batch", async () => {
    const s = await schema();
    // Named, so that only this store's connection is ended, not another test's or program's.
    const victim = `victim_${s.name}`;
    const pool = new pg.Pool({ ...schemaConnection(s.name), max: 2, application_name: victim });
    const store = await PostgresStore.open(pool, { ownsPool: true });
    const template = realRows().intraday[0] as StoredRow;
    const start = Date.parse("2020-01-01T00:00:00Z");
    const rowsFrom = (offset: number, n: number): StoredRow[] =>
      Array.from({ length: n }, (_, i) => ({
        ...(template as unknown as Record<string, unknown>),
        time: new Date(start + (offset + i) * 60_000).toISOString().replace(".000Z", "Z"),
      })) as unknown as StoredRow[];
    const kept = rowsFrom(0, 1000);
    expect((await store.apply({ userId: "u", dataset: "intraday", upsert: kept })).added).toBe(
      1000,
    );

    // The batch's INSERT waits behind another connection's table lock, and is ended there
    // (as a server restart or a network cut would end it), mid-transaction.
    const admin = await s.pool(1).connect();
    await admin.query("BEGIN");
    await admin.query("LOCK TABLE intraday IN SHARE MODE");
    const outcome = store
      .apply({ userId: "u", dataset: "intraday", upsert: rowsFrom(1000, 5000) })
      .then(
        () => "applied",
        (e: unknown) => (isStoreError(e) ? `${e.code}: ${e.message}` : String(e)),
      );
    // From another connection: one in a transaction sees a frozen pg_stat_activity.
    const watcher = s.pool(1);
    let killed = 0;
    while (killed === 0) {
      const { rowCount } = await watcher.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "intraday"%'`,
        [victim],
      );
      killed = rowCount ?? 0;
    }
    await admin.query("COMMIT");
    admin.release();
    const said = await outcome;
    expect(said).toMatch(/^STORE_IO: apply intraday failed \(SQLSTATE 57P01\)$/);
    // None of the batch; what was stored before is intact.
    const count = (await store.counts("u")).intraday;
    expect(count).toBe(1000);
    // The pool replaced the dead connection: the store goes on.
    const next = await store.apply({
      userId: "u",
      dataset: "intraday",
      upsert: rowsFrom(1000, 5000),
    });
    expect(next).toEqual({ added: 5000, changed: 0, deleted: 0 });
    expect((await store.counts("u")).intraday).toBe(6000);
    await store.close();
  });
});
