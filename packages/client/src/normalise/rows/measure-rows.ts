import { isAmbiguousAttrib } from "../../catalogue/attributions.js";
import { measureType, measureTypes } from "../../catalogue/measure-types.js";
import type { GetMeasBody } from "../../types/measure.js";
import type { RowContext } from "../_row-context.js";
import { toImperial } from "../imperial.js";
import { scaleValue } from "../scale-value.js";

/**
 * One measure of a getmeas group, flattened: the `"measures"` dataset of `toRows`. A group
 * yields one row per entry of its `measures`, so a Body Scan weigh-in gives one row per
 * (type, position) and a BP reading gives a diastolic and a systolic row sharing `grpid`.
 * Key rows by (`grpid`, `type`, `position`), never by `date` (Q10).
 *
 * @example
 * ```ts
 * const row: MeasureRow | undefined = toRows("measures", body)[0];
 * // { grpid: 4815757309, type: 1, key: "weight", name: "Weight", value: 118.003, unit: "kg",
 * //   rawValue: 118003, rawUnit: -3, date: "2023-09-02T10:39:11Z", localDate: "2023-09-02",
 * //   localTime: "12:39:11", offsetMinutes: 120, timezone: "Europe/Amsterdam", attrib: 0,
 * //   ambiguous: false, category: 1, position: null, deviceid: "f998…", model: "Body+",
 * //   modelid: 5, created: "2023-09-02T10:39:45Z", modified: "2023-09-02T10:39:45Z",
 * //   knownType: true }
 * ```
 */
export type MeasureRow = {
  grpid: number;
  /** The type code; unknown codes are kept with `knownType: false`. */
  type: number;
  /** The catalogue key, e.g. `weight`; `type<code>` when unknown. */
  key: string;
  name: string;
  /** `rawValue × 10^rawUnit`, exact (or in imperial units with that option). */
  value: number;
  /** The display unit of `value`, e.g. `kg`, `mmHg`, `lb` with the imperial option. */
  unit: string;
  /** The stored integer. */
  rawValue: number;
  /** The stored decimal exponent (the API's `unit`, Q18: it varies per record). */
  rawUnit: number;
  /** When it was measured, ISO UTC. */
  date: string | null;
  /** The day and wall-clock time in `timezone`. */
  localDate: string | null;
  localTime: string | null;
  offsetMinutes: number | null;
  /** The group's `timezone`, else the body's, else the `timezone` option. */
  timezone: string;
  attrib: number;
  /** Attribution 1 or 4: not to be shown as the user's own value (Q20). */
  ambiguous: boolean;
  /** 1 real, 2 objective. */
  category: number;
  /** Body position of segmental measures, else `null`. */
  position: number | null;
  deviceid: string | null;
  model: string | null;
  modelid: number | null;
  created: string | null;
  modified: string | null;
  knownType: boolean;
};

/**
 * Flattens a getmeas body. Hot path: one object literal per measure, strings per group.
 *
 * @example
 * ```ts
 * // What toRows("measures", body, options) runs:
 * measureRows(body, new RowContext("toRows", options));
 * ```
 */
export function measureRows(body: GetMeasBody, ctx: RowContext): MeasureRow[] {
  const rows: MeasureRow[] = [];
  const bodyZone = ctx.zone(body.timezone);
  const imperial = ctx.imperial;
  for (const group of body.measuregrps) {
    const zone = ctx.zone(group.timezone, bodyZone);
    ctx.stamp(group.date, zone);
    const date = ctx.utc;
    const localDate = ctx.localDate;
    const localTime = ctx.localTime;
    const offsetMinutes = ctx.offsetMinutes;
    const timezone = zone.name;
    const created = ctx.iso(group.created);
    const modified = group.modified === group.created ? created : ctx.iso(group.modified);
    const attrib = group.attrib;
    const ambiguous = isAmbiguousAttrib(attrib);
    const deviceid = group.deviceid ?? null;
    const model = group.model ?? null;
    const modelid = group.modelid ?? null;
    for (const measure of group.measures) {
      const info = measureTypes.get(measure.type) ?? measureType(measure.type);
      let value = scaleValue(measure.value, measure.unit);
      let unit = info.unit;
      if (imperial && info.imperial !== undefined) {
        value = toImperial(value, info.imperial, measure.unit);
        unit = info.imperial.unit;
      }
      rows.push({
        grpid: group.grpid,
        type: measure.type,
        key: info.key,
        name: info.name,
        value,
        unit,
        rawValue: measure.value,
        rawUnit: measure.unit,
        date,
        localDate,
        localTime,
        offsetMinutes,
        timezone,
        attrib,
        ambiguous,
        category: group.category,
        position: measure.position ?? null,
        deviceid,
        model,
        modelid,
        created,
        modified,
        knownType: info.known,
      });
    }
  }
  return rows;
}
