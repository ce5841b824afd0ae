import { SLEEP_SUMMARY_FIELDS } from "../endpoints/data-fields.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { GetSleepSummaryBody } from "../types/sleep.js";
import { DecodePath } from "./decode-path.js";
import {
  asMap,
  asObject,
  type Copy,
  nullId,
  nullInt,
  numberListItem,
  optBool,
  optInt,
  optKeyed,
  optMore,
  optNumber,
  optString,
  optValue,
  optYmd,
  reqArray,
  reqInt,
} from "./read.js";

// Checked as numbers: every summary field but the two that are not, and
// `breathing_quality_assessment`, whose type no source confirms (kept as sent).
const NOT_CHECKED = new Set([
  "night_events",
  "core_body_temperature_status",
  "breathing_quality_assessment",
]);
const NUMERIC = SLEEP_SUMMARY_FIELDS.filter((f) => !NOT_CHECKED.has(f));

/**
 * Checks and decodes the body of `sleep.getsummary`.
 *
 * Tolerated drift: numbers as text (quirk Q21), `more` as a boolean or `0`/`1`, no `more` or
 * `offset` at all, absent summary fields (quirk Q13), `"data": []` and `"night_events": []`
 * for empty maps (quirk Q12). `model` is the device class 16 or 32 here (quirk Q11).
 * Summaries reduced to an `id` (synthetic paging fixtures) are accepted.
 *
 * @throws {WithingsResponseError} `"shape"`, with the path of the first wrong value.
 * @example
 * ```ts
 * const { series, more, offset } = decodeGetSleepSummaryBody(decodeEnvelope(text));
 * series[0]?.data?.sleep_score; // 37
 * ```
 */
export function decodeGetSleepSummaryBody(
  body: unknown,
  context?: ErrorContext,
): GetSleepSummaryBody {
  const at = DecodePath.root(context);
  const b = asObject(body, at);
  let copy: Copy;
  copy = reqArray(b, "series", at, copy, decodeSummary);
  copy = optMore(b, at, copy);
  copy = optInt(b, "offset", at, copy);
  return (copy ?? b) as unknown as GetSleepSummaryBody;
}

function decodeSummary(value: unknown, at: DecodePath): unknown {
  const s = asObject(value, at);
  let copy: Copy;
  copy = reqInt(s, "id", at, copy);
  copy = optString(s, "timezone", at, copy);
  copy = nullInt(s, "model", at, copy);
  copy = nullInt(s, "model_id", at, copy);
  copy = nullId(s, "hash_deviceid", at, copy);
  copy = optInt(s, "startdate", at, copy);
  copy = optInt(s, "enddate", at, copy);
  copy = optYmd(s, "date", at, copy);
  copy = optInt(s, "created", at, copy);
  copy = optInt(s, "modified", at, copy);
  copy = optBool(s, "completed", at, copy);
  copy = optValue(s, "data", at, copy, decodeSummaryData);
  return copy ?? s;
}

function decodeSummaryData(value: unknown, at: DecodePath): unknown {
  const data = asMap(value, at);
  let copy: Copy;
  for (const field of NUMERIC) copy = optNumber(data, field, at, copy);
  // Event type → offsets in seconds from `startdate`; the spec calls it an array, the
  // answers we have send an object, `[]` when empty (reference §1.10, §9.10).
  copy = optKeyed(data, "night_events", at, copy, numberListItem);
  return copy ?? data;
}
