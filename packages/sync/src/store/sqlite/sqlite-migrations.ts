import { migration0001Initial } from "./migrations/migration-0001-initial.js";
import { migration0002VitalsView } from "./migrations/migration-0002-vitals-view.js";
import type { SqliteMigration } from "./sqlite-migration.js";

/**
 * Every migration of the SQLite store, in the order they run. Append only.
 *
 * @example
 * ```ts
 * SQLITE_MIGRATIONS.map((m) => m.name); // ["0001-initial", "0002-vitals-view"]
 * ```
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = Object.freeze([
  migration0001Initial,
  migration0002VitalsView,
]);
