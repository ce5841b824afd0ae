import { StoreError } from "./store-error.js";

/**
 * What must run, or why nothing may: pure, so a store runs it before and again inside its
 * migration lock.
 */
export function planMigrations<M extends { readonly name: string }>(
  applied: readonly string[],
  migrations: readonly M[],
): { readonly pending: readonly M[] } | { readonly error: StoreError } {
  const known = new Set(migrations.map((m) => m.name));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    return {
      error: new StoreError(
        "STORE_SCHEMA_TOO_NEW",
        `the database was written by a newer Withings Kit (unknown migrations: ${unknown.join(", ")}); upgrade @withings-kit/sync to open it`,
      ),
    };
  }
  // Applied migrations must be a prefix of the known list: a hole means the database was
  // migrated by a build whose list differed, and running the missing step now could fail
  // half way on a schema it was not written for.
  const done = new Set(applied);
  const firstPending = migrations.findIndex((m) => !done.has(m.name));
  if (firstPending >= 0) {
    const late = migrations.slice(firstPending).find((m) => done.has(m.name));
    if (late !== undefined) {
      return {
        error: new StoreError(
          "STORE_MIGRATION_FAILED",
          `migration ${migrations[firstPending]?.name} is missing although the later ${late.name} was applied`,
        ),
      };
    }
  }
  return { pending: migrations.filter((m) => !done.has(m.name)) };
}
