/**
 * What happened to one migration when a store was opened (SQLite or PostgreSQL), in the
 * style of Kysely's `MigrationResult`.
 *
 * @example
 * ```ts
 * const r: MigrationResult = { migrationName: "0001-initial", status: "Success" };
 * ```
 */
export interface MigrationResult {
  readonly migrationName: string;
  /**
   * `Success`: applied now. `Error`: it failed, and the transaction (every migration of
   * this run) was rolled back. `NotExecuted`: not run because an earlier one failed.
   */
  readonly status: "Success" | "Error" | "NotExecuted";
}
