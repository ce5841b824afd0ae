import { migration0001Initial } from "./migrations/migration-0001-initial.js";
import { migration0002VitalsView } from "./migrations/migration-0002-vitals-view.js";
import { migration0003RecordsAndUnits } from "./migrations/migration-0003-records-and-units.js";
import { migration0004SleepDevice } from "./migrations/migration-0004-sleep-device.js";
import { migration0005FarDatedNights } from "./migrations/migration-0005-far-dated-nights.js";
import type { SqliteMigration } from "./sqlite-migration.js";

/**
 * Every migration of the SQLite store, in the order they run. Append only.
 *
 * @example
 * ```ts
 * SQLITE_MIGRATIONS.map((m) => m.name); // ["0001-initial", "0002-vitals-view", "0003-records-and-units", "0004-sleep-device", "0005-far-dated-nights"]
 * ```
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = Object.freeze([
  migration0001Initial,
  migration0002VitalsView,
  migration0003RecordsAndUnits,
  migration0004SleepDevice,
  migration0005FarDatedNights,
]);
