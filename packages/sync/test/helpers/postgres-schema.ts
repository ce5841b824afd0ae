import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server the tests use: `WITHINGS_KIT_TEST_DATABASE_URL`, else the local
 * server `.ci/run` starts. Tests never skip without it: CI always has one.
 */
export const TEST_DATABASE_URL =
  process.env["WITHINGS_KIT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A throwaway schema: every test works in its own, dropped at the end. */
export interface TestSchema {
  readonly name: string;
  /** A pool whose connections work in the schema. */
  pool(max?: number): pg.Pool;
  /** Ends the pools and drops the schema. */
  drop(): Promise<void>;
}

/** Creates a schema with a random name on the test server. */
export async function postgresSchema(): Promise<TestSchema> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pools: pg.Pool[] = [];
  return {
    name,
    pool(max = 10) {
      const pool = new pg.Pool({ ...schemaConnection(name), max });
      pools.push(pool);
      return pool;
    },
    async drop() {
      for (const pool of pools.splice(0)) await pool.end();
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}

/** Connection settings that work in `schema` (also for child processes). */
export function schemaConnection(schema: string): pg.PoolConfig {
  return { connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` };
}
