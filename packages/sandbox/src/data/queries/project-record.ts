/**
 * A copy of a record with only the keys `keep` accepts, in the record's own key order. Used
 * for `data_fields`: the stored record holds every field, the answer holds what was asked.
 *
 * @example
 * ```ts
 * projectRecord({ steps: 1, hr_average: 60, date: "2024-01-05" }, (k) => k !== "hr_average");
 * // { steps: 1, date: "2024-01-05" }
 * ```
 */
export function projectRecord<T extends object>(record: T, keep: (key: string) => boolean): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (keep(key)) out[key] = (record as Record<string, unknown>)[key];
  }
  return out as T;
}
