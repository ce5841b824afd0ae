import type { ErrorContext } from "../errors/withings-error.js";
import type { GetMeasBody } from "../types/measure.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  nullId,
  nullInt,
  nullString,
  optInt,
  optMore,
  optString,
  reqArray,
  reqEpoch,
  reqInt,
} from "./read.js";

/**
 * Checks and decodes the body of `measure.getmeas`.
 *
 * Tolerated drift: integers as text (quirk Q21, e.g. `updatetime`), `more` as `0`/`1` or a
 * boolean (quirk Q6), no `offset`, `null` device and model fields (quirk Q13), a numeric
 * `deviceid`, and a group `date` written as `YYYY-MM-DD` or ISO text (converted to Unix
 * seconds, UTC). Unknown keys such as `algo_params` or `is_inconclusive` are kept.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const body = decodeGetMeasBody(decodeEnvelope(text));
 * for (const g of body.measuregrps) console.log(g.grpid, g.measures.length);
 * ```
 */
export function decodeGetMeasBody(body: unknown, context?: ErrorContext): GetMeasBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = optInt(b, "updatetime", at, copy);
  copy = optString(b, "timezone", at, copy);
  copy = reqArray(b, "measuregrps", at, copy, decodeMeasureGroup);
  copy = optMore(b, at, copy);
  copy = optInt(b, "offset", at, copy);
  return (copy ?? b) as unknown as GetMeasBody;
}

function decodeMeasureGroup(value: unknown, at: DecodePath): unknown {
  const g = asObject(value, at);
  let copy: Copy;
  // int64 in the spec; values above 2^31 are real (reference §0), above 2^53 they would
  // already be corrupted by JSON.parse, so reqInt's safe-integer check rejects them.
  copy = reqInt(g, "grpid", at, copy);
  copy = reqInt(g, "attrib", at, copy);
  copy = reqEpoch(g, "date", at, copy);
  copy = optInt(g, "created", at, copy);
  copy = optInt(g, "modified", at, copy);
  copy = reqInt(g, "category", at, copy);
  copy = nullId(g, "deviceid", at, copy);
  copy = nullId(g, "hash_deviceid", at, copy);
  copy = reqArray(g, "measures", at, copy, decodeMeasure);
  copy = nullString(g, "model", at, copy);
  copy = nullInt(g, "modelid", at, copy);
  copy = nullString(g, "comment", at, copy);
  copy = optString(g, "timezone", at, copy);
  return copy ?? g;
}

function decodeMeasure(value: unknown, at: DecodePath): unknown {
  const m = asObject(value, at);
  let copy: Copy;
  // `value` and `unit` must be integers: the real value is value × 10^unit, scaled exactly
  // in decimal later, so a fraction here would be wrong data, not drift.
  copy = reqInt(m, "value", at, copy);
  copy = reqInt(m, "type", at, copy);
  copy = reqInt(m, "unit", at, copy);
  copy = optInt(m, "algo", at, copy);
  copy = optInt(m, "fm", at, copy);
  copy = optInt(m, "position", at, copy);
  return copy ?? m;
}
