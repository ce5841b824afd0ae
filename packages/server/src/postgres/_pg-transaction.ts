import type pg from "pg";

/** A pool, or one of its clients inside a transaction. */
export type Queryable = pg.Pool | pg.ClientBase;

function ignore(): void {
  // A connection cut mid-statement fails the statement, then reports the closed socket as
  // an error event too: heard here, or it would crash the process.
}

/**
 * Runs `work` in one transaction on one connection of the pool: committed when it
 * resolves, rolled back when it throws (and the connection thrown away when even the
 * rollback fails: the server went away).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  client.on("error", ignore);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollback: unknown) => {
      broken = rollback instanceof Error ? rollback : new Error("rollback failed");
    });
    throw error;
  } finally {
    client.removeListener("error", ignore);
    client.release(broken);
  }
}
