import type { ErrorContext } from "../errors/withings-error.js";
import type { GetWorkoutsBody } from "../types/activity.js";
import { DecodePath } from "./decode-path.js";
import {
  asMap,
  asObject,
  type Copy,
  expected,
  type JsonObject,
  nullId,
  nullInt,
  numberFromText,
  optInt,
  optMore,
  optString,
  optYmd,
  reqArray,
  reqInt,
  reqValue,
} from "./read.js";

/**
 * Checks and decodes the body of `measure.getworkouts`.
 *
 * Tolerated drift: numbers as text (quirk Q21), `more` as a boolean or `0`/`1`, a sparse
 * `data` whose keys can be missing or `null` (quirk Q13), `"data": []` for no data
 * (quirk Q12), a `null` device. `model` is an int model id on this endpoint (quirk Q11).
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { series } = decodeGetWorkoutsBody(decodeEnvelope(text));
 * series[0]?.data["calories"]; // 47
 * ```
 */
export function decodeGetWorkoutsBody(body: unknown, context?: ErrorContext): GetWorkoutsBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "series", at, copy, decodeWorkout);
  copy = optMore(b, at, copy);
  copy = optInt(b, "offset", at, copy);
  return (copy ?? b) as unknown as GetWorkoutsBody;
}

function decodeWorkout(value: unknown, at: DecodePath): unknown {
  const w = asObject(value, at);
  let copy: Copy;
  copy = reqInt(w, "id", at, copy);
  copy = reqInt(w, "category", at, copy);
  copy = optString(w, "timezone", at, copy);
  copy = nullInt(w, "model", at, copy);
  copy = optInt(w, "attrib", at, copy);
  copy = reqInt(w, "startdate", at, copy);
  copy = reqInt(w, "enddate", at, copy);
  copy = optYmd(w, "date", at, copy);
  copy = optInt(w, "modified", at, copy);
  copy = nullId(w, "deviceid", at, copy);
  copy = reqValue(w, "data", at, copy, decodeWorkoutData);
  return copy ?? w;
}

function decodeWorkoutData(value: unknown, at: DecodePath): unknown {
  const data = asMap(value, at);
  let copy: JsonObject | undefined;
  for (const key of Object.keys(data)) {
    const v = data[key];
    if (v === null || (typeof v === "number" && Number.isFinite(v))) continue;
    // Text stays text (`core_body_temperature_status` is "usual"), unless it is a number
    // sent as text (quirk Q21).
    if (typeof v === "string") {
      const n = numberFromText(v);
      if (n === undefined) continue;
      copy ??= { ...data };
      copy[key] = n;
      continue;
    }
    throw at.error(key, expected("a number, a string or null", v));
  }
  return copy ?? data;
}
