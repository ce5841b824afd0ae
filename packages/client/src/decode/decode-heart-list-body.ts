import type { ErrorContext } from "../errors/withings-error.js";
import type { HeartListBody } from "../types/heart.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  nullId,
  nullInt,
  optInt,
  optMore,
  optNumber,
  optString,
  optValue,
  reqArray,
  reqInt,
  reqNumber,
} from "./read.js";

/**
 * Checks and decodes the body of `heart.list` (ECG recordings).
 *
 * Tolerated drift: numbers as text (quirk Q21), `more` as a boolean or `0`/`1`, no
 * `offset`, `bloodpressure` only on BPM Core, `model` codes outside the spec's list. A
 * recording without `ecg` or `timestamp` is accepted (synthetic paging fixtures have them);
 * when `ecg` is there, its `signalid` is required.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { series } = decodeHeartListBody(decodeEnvelope(text));
 * series[0]?.ecg?.signalid; // 9876543
 * ```
 */
export function decodeHeartListBody(body: unknown, context?: ErrorContext): HeartListBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "series", at, copy, decodeRecording);
  copy = optMore(b, at, copy);
  copy = optInt(b, "offset", at, copy);
  return (copy ?? b) as unknown as HeartListBody;
}

function decodeRecording(value: unknown, at: DecodePath): unknown {
  const r = asObject(value, at);
  let copy: Copy;
  copy = nullId(r, "deviceid", at, copy);
  copy = nullInt(r, "model", at, copy);
  copy = optValue(r, "ecg", at, copy, decodeEcg);
  copy = optValue(r, "bloodpressure", at, copy, decodeBloodPressure);
  copy = optNumber(r, "heart_rate", at, copy);
  copy = optInt(r, "modified", at, copy);
  copy = optInt(r, "timestamp", at, copy);
  copy = optString(r, "timezone", at, copy);
  return copy ?? r;
}

function decodeEcg(value: unknown, at: DecodePath): unknown {
  const ecg = asObject(value, at);
  let copy: Copy;
  copy = reqInt(ecg, "signalid", at, copy);
  copy = optInt(ecg, "afib", at, copy);
  return copy ?? ecg;
}

function decodeBloodPressure(value: unknown, at: DecodePath): unknown {
  const bp = asObject(value, at);
  let copy: Copy;
  copy = reqNumber(bp, "diastole", at, copy);
  copy = reqNumber(bp, "systole", at, copy);
  return copy ?? bp;
}
