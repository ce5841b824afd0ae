import type { ErrorContext } from "../errors/withings-error.js";
import type { GetDevicesBody } from "../types/user.js";
import { DecodePath } from "./decode-path.js";
import {
  asObject,
  type Copy,
  nullId,
  nullInt,
  optId,
  optString,
  reqArray,
  reqString,
} from "./read.js";

/**
 * Checks and decodes the body of `user.getdevice`.
 *
 * Tolerated drift: `first_session_date`/`last_session_date` can be `null` and `battery`
 * `"unknown"` (quirk Q13), `model` can be `""` (Sleep Analyzer, model_id 13), device types
 * and models outside the spec's lists, numbers as text (quirk Q21). A device with only a
 * `type` is accepted (a synthetic fixture has one).
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { devices } = decodeGetDevicesBody(decodeEnvelope(text));
 * devices.filter((d) => d.type === "Scale");
 * ```
 */
export function decodeGetDevicesBody(body: unknown, context?: ErrorContext): GetDevicesBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  const copy = reqArray(b, "devices", at, undefined, decodeDevice);
  return (copy ?? b) as unknown as GetDevicesBody;
}

function decodeDevice(value: unknown, at: DecodePath): unknown {
  const d = asObject(value, at);
  let copy: Copy;
  copy = reqString(d, "type", at, copy);
  // A model name on this endpoint, the number being `model_id` (quirk Q11, reference §2.7).
  copy = optString(d, "model", at, copy);
  copy = nullInt(d, "model_id", at, copy);
  copy = optString(d, "battery", at, copy);
  copy = optId(d, "deviceid", at, copy);
  copy = nullId(d, "hash_deviceid", at, copy);
  copy = optString(d, "timezone", at, copy);
  copy = nullInt(d, "first_session_date", at, copy);
  copy = nullInt(d, "last_session_date", at, copy);
  return copy ?? d;
}
