/**
 * The record key of a sleep detail row: its segment's start (ISO UTC) and its device
 * (`model_id:hash_deviceid`), as `<segmentStart>|<model_id>:<hash_deviceid>`. Two devices (a
 * Sleep Analyzer and a watch) can record one night with segments that start at the same
 * second; the device keeps them two records. Returns `undefined` without a `segmentStart`.
 */
export function sleepRecordKey(row: Readonly<Record<string, unknown>>): string | undefined {
  const start = row["segmentStart"];
  if (typeof start !== "string") return undefined;
  const part = (value: unknown): string =>
    typeof value === "string" || typeof value === "number" ? String(value) : "";
  return `${start}|${part(row["model_id"])}:${part(row["hash_deviceid"])}`;
}
