import { INTRADAY_FIELDS } from "../endpoints/data-fields.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { GetIntradayBody } from "../types/activity.js";
import { DecodePath } from "./decode-path.js";
import { asObject, type Copy, nullId, nullInt, nullString, optNumber, reqKeyed } from "./read.js";

const FIELDS = INTRADAY_FIELDS;

/**
 * Checks and decodes the body of `measure.getintradayactivity`: `series` is an object keyed
 * by epoch-second strings, and an empty one that arrives as `[]` becomes `{}` (quirk Q12).
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { series } = decodeGetIntradayBody(decodeEnvelope(text));
 * for (const [at, sample] of Object.entries(series)) console.log(Number(at), sample.steps);
 * ```
 */
export function decodeGetIntradayBody(body: unknown, context?: ErrorContext): GetIntradayBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  const copy = reqKeyed(b, "series", at, undefined, decodeSample);
  return (copy ?? b) as unknown as GetIntradayBody;
}

function decodeSample(value: unknown, at: DecodePath): unknown {
  const s = asObject(value, at);
  let copy: Copy;
  copy = nullId(s, "deviceid", at, copy);
  // Here `model` is the model name and `model_id` the number (quirk Q11, reference §2.7).
  copy = nullString(s, "model", at, copy);
  copy = nullInt(s, "model_id", at, copy);
  for (const field of FIELDS) copy = optNumber(s, field, at, copy);
  return copy ?? s;
}
