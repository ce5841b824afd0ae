import type { SqliteMigration } from "../sqlite-migration.js";

// Frozen once released: change the schema with a new migration, never here.
//
// The sleep detail step finds the nights a window meets by their units, and by date only
// within three days. Until now it found them by date alone, and dropped the unit of a night
// whose `date` lay further from it (the cloud allows any date); databases from before
// migration 0003 have no units at all. Such a night gets a unit again, dirty, so that the
// next run fetches its window (late detail) and labels its minutes in its own zone. Nights
// dated near themselves need nothing: the read by date finds them. The margin here (two
// days) is inside the engine's three, so that no night on the edge is left out.
const FAR = 2 * 86_400;
const START = "CAST(strftime('%s', s.startdate) AS INTEGER)";
const END = "CAST(strftime('%s', s.enddate) AS INTEGER)";

/**
 * Gives every stored sleep summary dated more than two days from its own night, and with no
 * detail unit, a dirty unit over its window.
 *
 * @example
 * ```ts
 * migration0005FarDatedNights.name; // "0005-far-dated-nights"
 * ```
 */
export const migration0005FarDatedNights: SqliteMigration = {
  name: "0005-far-dated-nights",
  up: `
INSERT INTO detail_units (user_id, dataset, key, start, "end", dirty, fetched_at, settle_at)
SELECT s.user_id, 'sleep', CAST(s.id AS TEXT), ${START}, ${END} + 1, 1, NULL, NULL
FROM sleep_summaries s
WHERE strftime('%s', s.startdate) IS NOT NULL
  AND strftime('%s', s.enddate) IS NOT NULL
  AND ${END} >= ${START}
  AND (s.at < ${START} - ${FAR} OR s.at > ${END} + ${FAR})
  AND NOT EXISTS (
    SELECT 1 FROM detail_units u
    WHERE u.user_id = s.user_id AND u.dataset = 'sleep' AND u.key = CAST(s.id AS TEXT)
  );
`,
};
