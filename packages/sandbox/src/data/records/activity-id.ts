/**
 * The sandbox's id of an activity record: its local `date` and its source, because one date
 * can hold a record per source (a Withings tracker's day beside an external step count,
 * reference §1.6), and the API gives activity records no id of their own.
 *
 * @example
 * ```ts
 * activityId({ date: "2026-01-05", brand: 1, modelid: 93 }); // "2026-01-05|1|93"
 * activityId({ date: "2026-01-05", brand: 18, modelid: 1055 }); // "2026-01-05|18|1055"
 * ```
 */
export function activityId(rec: {
  readonly date: string;
  readonly brand?: number | null | undefined;
  readonly modelid?: number | null | undefined;
}): string {
  return `${rec.date}|${rec.brand ?? ""}|${rec.modelid ?? ""}`;
}
