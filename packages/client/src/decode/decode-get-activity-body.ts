import { ACTIVITY_FIELDS } from "../endpoints/data-fields.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { GetActivityBody } from "../types/activity.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  nullId,
  nullInt,
  nullString,
  optBool,
  optInt,
  optMore,
  optNumber,
  optString,
  reqArray,
  reqYmd,
} from "./read.js";

// Metrics sit flat on each activity (reference §1.6); any of them can be absent.
const METRICS = ACTIVITY_FIELDS;

/**
 * Checks and decodes the body of `measure.getactivity`.
 *
 * Tolerated drift: numbers as text (quirk Q21), `more` as a boolean or `0`/`1`, no `more` or
 * `offset` at all, `null` device fields for external sources (quirk Q13). Unknown keys are
 * kept.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { activities } = decodeGetActivityBody(decodeEnvelope(text));
 * activities[0]?.date; // "2023-10-20"
 * ```
 */
export function decodeGetActivityBody(body: unknown, context?: ErrorContext): GetActivityBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "activities", at, copy, decodeActivity);
  copy = optMore(b, at, copy);
  copy = optInt(b, "offset", at, copy);
  return (copy ?? b) as unknown as GetActivityBody;
}

function decodeActivity(value: unknown, at: DecodePath): unknown {
  const a = asObject(value, at);
  let copy: Copy;
  copy = reqYmd(a, "date", at, copy);
  copy = optString(a, "timezone", at, copy);
  copy = nullId(a, "deviceid", at, copy);
  copy = nullId(a, "hash_deviceid", at, copy);
  copy = optInt(a, "brand", at, copy);
  copy = optBool(a, "is_tracker", at, copy);
  copy = optInt(a, "modified", at, copy);
  copy = nullString(a, "model", at, copy);
  copy = nullInt(a, "modelid", at, copy);
  for (const metric of METRICS) copy = optNumber(a, metric, at, copy);
  return copy ?? a;
}
