import {
  type ActivityRow,
  endpoints,
  type IntradaySample,
  type SleepSegment,
  type SleepSummaryRow,
  splitWindows,
  toRows,
} from "@withings-kit/client";
import type { StoredRow } from "../store/store.js";
import { epochOfIso } from "./epoch-of-iso.js";
import { hasIntradayData } from "./has-intraday-data.js";
import { type EpochWindow, localDayWindow } from "./local-day-window.js";
import type { DetailParent } from "./plan-details.js";
import type { UserSync } from "./user-sync.js";

/**
 * The parent of a piece of detail: the window its detail lives in and the zone for its
 * local dates.
 *
 * @example
 * ```ts
 * const night: DetailItem = { start: 1704412800, end: 1704445200, timezone: "Europe/Paris" };
 * ```
 */
export interface DetailItem extends EpochWindow {
  readonly timezone: string;
}

/**
 * How a dense dataset is fetched: from which parent dataset, which parents want detail,
 * and how one parent's detail is fetched (as few 24 h windows as its span needs, one call
 * each) and turned into rows.
 *
 * @example
 * ```ts
 * DETAIL_SPECS.intraday.parent; // "activity"
 * ```
 */
export interface DetailSpec {
  readonly dataset: "intraday" | "sleep";
  readonly parent: "activity" | "sleep_summaries";
  /** The planning view of a stored parent row, `undefined` when it has no usable window. */
  parentOf(row: StoredRow): DetailParent<DetailItem> | undefined;
  fetchRows(sync: UserSync, item: DetailItem): Promise<StoredRow[]>;
}

// The API answers at most 24 h per call and cuts longer ranges silently (quirk Q8). The
// window end is inclusive on the wire, so a day is asked as [midnight, next midnight - 1]:
// one call for a normal or a 23 h day, two for the 25 h day of the autumn DST change.
function windowsOf(item: DetailItem) {
  return splitWindows(item.start, Math.max(item.start, item.end - 1), 86_400);
}

/**
 * The two dense datasets fetched per parent: intraday samples per activity day that has
 * data (in the day's own time zone, quirk Q14), sleep detail per night or nap that a sleep
 * summary covers (`startdate`..`enddate`).
 *
 * @example
 * ```ts
 * const rows = await DETAIL_SPECS.sleep.fetchRows(sync, { start, end, timezone: "Europe/Paris" });
 * ```
 */
export const DETAIL_SPECS: { readonly intraday: DetailSpec; readonly sleep: DetailSpec } =
  Object.freeze({
    intraday: Object.freeze({
      dataset: "intraday",
      parent: "activity",
      parentOf(row: StoredRow): DetailParent<DetailItem> | undefined {
        const day = row as ActivityRow;
        let window: EpochWindow;
        try {
          window = localDayWindow(day.date, day.timezone);
        } catch {
          return undefined;
        }
        return {
          key: day.date,
          modified: epochOfIso(day.modified),
          wanted: hasIntradayData(day),
          item: { ...window, timezone: day.timezone },
        };
      },
      async fetchRows(sync: UserSync, item: DetailItem): Promise<StoredRow[]> {
        const series: Record<string, IntradaySample> = {};
        for (const w of windowsOf(item)) {
          const body = await sync.call((signal) =>
            sync.user.getIntradayActivity(
              {
                startdate: w.start,
                enddate: w.end,
                // Every series, not the API's default subset.
                data_fields: endpoints["measure.getintradayactivity"].dataFields,
              },
              signal === undefined ? {} : { signal },
            ),
          );
          Object.assign(series, body.series);
        }
        return toRows("intraday", { series }, { timezone: item.timezone });
      },
    }),
    sleep: Object.freeze({
      dataset: "sleep",
      parent: "sleep_summaries",
      parentOf(row: StoredRow): DetailParent<DetailItem> | undefined {
        const night = row as SleepSummaryRow;
        const start = epochOfIso(night.startdate);
        const end = epochOfIso(night.enddate);
        if (start === null || end === null || end < start) return undefined;
        return {
          key: String(night.id),
          modified: epochOfIso(night.modified),
          wanted: true,
          item: { start, end: end + 1, timezone: night.timezone },
        };
      },
      async fetchRows(sync: UserSync, item: DetailItem): Promise<StoredRow[]> {
        // Keyed like the client's getSleep: a segment at the seam of two windows comes twice.
        const segments = new Map<string, SleepSegment>();
        let model: number | null | undefined;
        for (const w of windowsOf(item)) {
          const body = await sync.call((signal) =>
            sync.user.getSleep(
              {
                startdate: w.start,
                enddate: w.end,
                data_fields: endpoints["sleep.get"].dataFields,
              },
              signal === undefined ? {} : { signal },
            ),
          );
          model ??= body.model;
          for (const segment of body.series) {
            segments.set(`${segment.startdate}:${segment.enddate}:${segment.state}`, segment);
          }
        }
        const series = [...segments.values()];
        const body = model === undefined ? { series } : { series, model };
        return toRows("sleep", body, { timezone: item.timezone });
      },
    }),
  });
