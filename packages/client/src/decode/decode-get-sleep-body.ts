import { SLEEP_SERIES_FIELDS } from "../endpoints/data-fields.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { GetSleepBody } from "../types/sleep.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  expected,
  nullId,
  nullInt,
  optKeyedNumbers,
  reqArray,
  reqInt,
} from "./read.js";

// Each `data_fields` value of sleep get is a series keyed by epoch-second strings.
const SERIES = SLEEP_SERIES_FIELDS;

/**
 * Checks and decodes the body of `sleep.get` (high-frequency sleep).
 *
 * `series` is in practice an array of segments (the spec says object); each requested data
 * field of a segment is an object keyed by epoch seconds, and an empty one sent as `[]`
 * becomes `{}` (quirk Q12). Segment `model` is the model name, body `model` the device class
 * 16 or 32 (quirk Q11).
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { series } = decodeGetSleepBody(decodeEnvelope(text));
 * for (const seg of series) console.log(seg.state, Object.keys(seg.hr ?? {}).length);
 * ```
 */
export function decodeGetSleepBody(body: unknown, context?: ErrorContext): GetSleepBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "series", at, copy, decodeSegment);
  copy = nullInt(b, "model", at, copy);
  return (copy ?? b) as unknown as GetSleepBody;
}

function decodeSegment(value: unknown, at: DecodePath): unknown {
  const s = asObject(value, at);
  let copy: Copy;
  copy = reqInt(s, "startdate", at, copy);
  copy = reqInt(s, "enddate", at, copy);
  copy = reqInt(s, "state", at, copy);
  const model = s["model"];
  if (
    model !== undefined &&
    model !== null &&
    typeof model !== "string" &&
    !(typeof model === "number" && Number.isSafeInteger(model))
  ) {
    throw at.error("model", expected("a model name, a model number or null", model));
  }
  copy = nullInt(s, "model_id", at, copy);
  copy = nullId(s, "hash_deviceid", at, copy);
  for (const field of SERIES) copy = optKeyedNumbers(s, field, at, copy);
  return copy ?? s;
}
