/**
 * The source part of an activity record's key: several records can share one date, one per
 * source (a Withings tracker and an external step count; reference §1.6 leaves open how
 * many), and the API gives them no id. A source is its `brand`, `modelid` and device id
 * (`hash_deviceid`, else `deviceid`, empty for external sources), so two sources never share
 * a key while one source's day keeps its key across edits of its metrics.
 */
export function activitySource(row: Readonly<Record<string, unknown>>): string {
  const part = (value: unknown): string =>
    typeof value === "string" || typeof value === "number" ? String(value) : "";
  const device = part(row["hash_deviceid"]) || part(row["deviceid"]);
  return `${part(row["brand"])}:${part(row["modelid"])}:${device}`;
}
