import { utcOffsetMinutes } from "@withings-kit/client/internal";
import { type EpochWindow, localDayWindow } from "./local-day-window.js";

/**
 * The intraday window (a "tile") holding `epoch`: the local day of `zone` around it.
 * Intraday detail is fetched by tiles of one fixed zone per user, so that windows tile time
 * without gaps or overlaps whatever zones the user's activity days were recorded in
 * (travel: consecutive days in two zones leave a gap or an overlap between their own local
 * days). Local days of one zone are 23, 24 or 25 h long; a 25 h one takes two requests
 * (quirk Q8 cuts at 24 h).
 *
 * @example
 * ```ts
 * tileAt(1_704_456_000, "Europe/Paris"); // { start: 1704409200, end: 1704495600 }
 * ```
 */
export function tileAt(epoch: number, zone: string): EpochWindow {
  const local = epoch + utcOffsetMinutes(epoch, zone) * 60;
  let day = Math.floor(local / 86_400);
  // Around a DST change the offset at `epoch` can name the neighbouring date (where clocks
  // jump at midnight, the instant of the jump reads as the day before): step by dates, as
  // the windows of consecutive dates meet.
  for (;;) {
    const tile = localDayWindow(new Date(day * 86_400_000).toISOString().slice(0, 10), zone);
    if (epoch < tile.start) day--;
    else if (epoch >= tile.end) day++;
    else return tile;
  }
}

/**
 * The tiles of `zone` that meet `[window.start, window.end)`, in time order.
 *
 * @example
 * ```ts
 * // A Tokyo day seen from Paris tiles: the end of one Paris day and the start of the next.
 * tilesOver(localDayWindow("2024-01-05", "Asia/Tokyo"), "Europe/Paris").length; // 2
 * ```
 */
export function tilesOver(window: EpochWindow, zone: string): EpochWindow[] {
  const tiles: EpochWindow[] = [];
  if (!(window.end > window.start)) return tiles;
  let tile = tileAt(window.start, zone);
  for (;;) {
    tiles.push(tile);
    if (tile.end >= window.end) return tiles;
    tile = tileAt(tile.end, zone);
  }
}
