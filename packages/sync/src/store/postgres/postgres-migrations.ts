import { migration0001Initial } from "./migrations/migration-0001-initial.js";
import type { PostgresMigration } from "./postgres-migration.js";

/**
 * Every migration of the PostgreSQL store, in the order they run. Append only.
 *
 * @example
 * ```ts
 * POSTGRES_MIGRATIONS.map((m) => m.name); // ["0001-initial"]
 * ```
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = Object.freeze([
  migration0001Initial,
]);
