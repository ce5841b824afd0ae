import type pg from "pg";

/**
 * Listener for the error events of a pool or of a checked-out connection. A connection cut
 * while checked out fails its statement, if one is running, and reports the closed socket
 * as an error event too; a pool reports its idle connections' breaks the same way. Unheard,
 * node-postgres throws the event and crashes the process; the next query gets a new
 * connection, or an error its caller sees.
 */
export function ignoreConnectionError(): void {}

/** A connection of the pool, checked out with a listener for the errors of a dying link. */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  client.on("error", ignoreConnectionError);
  return client;
}

/** Gives a connection back, thrown away instead when `broken` says it is unusable. */
export function giveBack(client: pg.PoolClient, broken?: Error | boolean): void {
  client.removeListener("error", ignoreConnectionError);
  client.release(broken);
}
