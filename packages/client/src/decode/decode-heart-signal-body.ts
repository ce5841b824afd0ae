import type { ErrorContext } from "../errors/withings-error.js";
import type { HeartSignalBody } from "../types/heart.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  expected,
  intItem,
  isJsonObject,
  nullInt,
  numberFromText,
  optBool,
  optInt,
  optValue,
  reqArray,
  reqNumber,
} from "./read.js";

/**
 * Checks and decodes the body of `heart.get`: the ECG `signal` (integers, µV) and its
 * metadata.
 *
 * `heart_rate` is an integer on older answers and an object `{grpid, value, date,
 * is_deleted}` on newer ones (reference §1.9, §9.10): both are accepted and kept as sent. An
 * empty `signal` is valid (the recording may not have synced yet).
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const ecg = decodeHeartSignalBody(decodeEnvelope(text));
 * const seconds = ecg.signal.length / (ecg.sampling_frequency ?? 300);
 * ```
 */
export function decodeHeartSignalBody(body: unknown, context?: ErrorContext): HeartSignalBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "signal", at, copy, intItem);
  copy = optInt(b, "sampling_frequency", at, copy);
  copy = optInt(b, "wearposition", at, copy);
  copy = nullInt(b, "model", at, copy);
  copy = optValue(b, "heart_rate", at, copy, decodeHeartRate);
  return (copy ?? b) as unknown as HeartSignalBody;
}

function decodeHeartRate(value: unknown, at: DecodePath): unknown {
  if (!isJsonObject(value)) {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    const n = numberFromText(value);
    if (n === undefined) throw at.error(undefined, expected("a number or an object", value));
    return n;
  }
  let copy: Copy;
  copy = reqNumber(value, "value", at, copy);
  copy = optInt(value, "grpid", at, copy);
  copy = optInt(value, "date", at, copy);
  copy = optBool(value, "is_deleted", at, copy);
  return copy ?? value;
}
