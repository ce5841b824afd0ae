import type { SqliteMigration } from "../sqlite-migration.js";

// One row per measurement group of real measures (category 1), a column per common type.
// Group fields (date, zone, attrib, device) are the same on every row of a group, so min()
// just picks them. Segmental values (Body Scan positions other than 7, "whole body") are
// left out so a per-limb fat mass never shadows the whole-body one. Values are the stored
// `value` column: metric as long as the rows were made without the imperial option, which
// is how the sync engine makes them. Frozen: change it with a new migration.
const SQL = `
CREATE VIEW vitals AS
SELECT
  user_id,
  grpid,
  min(date) AS date,
  min(at) AS at,
  min(local_date) AS local_date,
  min(local_time) AS local_time,
  min(timezone) AS timezone,
  min(attrib) AS attrib,
  max(ambiguous) AS ambiguous,
  min(deviceid) AS deviceid,
  min(model) AS model,
  min(modelid) AS modelid,
  max(CASE WHEN type = 1 AND whole_body THEN value END) AS weight,
  max(CASE WHEN type = 4 AND whole_body THEN value END) AS height,
  max(CASE WHEN type = 5 AND whole_body THEN value END) AS fat_free_mass,
  max(CASE WHEN type = 6 AND whole_body THEN value END) AS fat_ratio,
  max(CASE WHEN type = 8 AND whole_body THEN value END) AS fat_mass,
  max(CASE WHEN type = 9 AND whole_body THEN value END) AS diastolic,
  max(CASE WHEN type = 10 AND whole_body THEN value END) AS systolic,
  max(CASE WHEN type = 11 AND whole_body THEN value END) AS heart_pulse,
  max(CASE WHEN type = 12 AND whole_body THEN value END) AS temperature,
  max(CASE WHEN type = 54 AND whole_body THEN value END) AS spo2,
  max(CASE WHEN type = 71 AND whole_body THEN value END) AS body_temperature,
  max(CASE WHEN type = 73 AND whole_body THEN value END) AS skin_temperature,
  max(CASE WHEN type = 76 AND whole_body THEN value END) AS muscle_mass,
  max(CASE WHEN type = 77 AND whole_body THEN value END) AS hydration,
  max(CASE WHEN type = 88 AND whole_body THEN value END) AS bone_mass,
  max(CASE WHEN type = 91 AND whole_body THEN value END) AS pwv,
  max(CASE WHEN type = 123 AND whole_body THEN value END) AS vo2max,
  max(CASE WHEN type = 155 AND whole_body THEN value END) AS vascular_age,
  max(CASE WHEN type = 168 AND whole_body THEN value END) AS extracellular_water,
  max(CASE WHEN type = 169 AND whole_body THEN value END) AS intracellular_water,
  max(CASE WHEN type = 170 AND whole_body THEN value END) AS visceral_fat,
  max(CASE WHEN type = 226 AND whole_body THEN value END) AS basal_metabolic_rate,
  max(CASE WHEN type = 227 AND whole_body THEN value END) AS metabolic_age
FROM (
  SELECT *, (position IS NULL OR position = 7) AS whole_body FROM measures WHERE category <> 2
)
GROUP BY user_id, grpid;
`;

/**
 * The `vitals` view: one row per measurement group with a column per common measure type.
 *
 * @example
 * ```ts
 * db.prepare("SELECT date, systolic, diastolic, heart_pulse FROM vitals WHERE systolic IS NOT NULL").all();
 * ```
 */
export const migration0002VitalsView: SqliteMigration = Object.freeze({
  name: "0002-vitals-view",
  up: SQL,
});
