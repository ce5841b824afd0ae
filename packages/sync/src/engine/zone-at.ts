import type { EpochWindow } from "./local-day-window.js";

/**
 * The zone a detail row at `t` is labelled with: that of the latest-starting window (an
 * activity day, a night) that holds `t`, as travel can make two meet. Windows that start at
 * the same instant (two sources' records of one date, in zones with the same offset) are
 * decided by the zone's name, the smallest first, so that the label never depends on the
 * order records were stored or answered in. `undefined` when no window holds `t`.
 *
 * @example
 * ```ts
 * const days = [
 *   { start: 0, end: 86_400, timezone: "Australia/Sydney" },
 *   { start: 0, end: 86_400, timezone: "Australia/Lord_Howe" },
 * ];
 * zoneAt(days, 3_600); // "Australia/Lord_Howe"
 * ```
 */
export function zoneAt(
  windows: readonly (EpochWindow & { readonly timezone: string })[],
  t: number,
): string | undefined {
  let best: (EpochWindow & { readonly timezone: string }) | undefined;
  for (const w of windows) {
    if (t < w.start || t >= w.end) continue;
    if (
      best === undefined ||
      w.start > best.start ||
      (w.start === best.start && w.timezone < best.timezone)
    ) {
      best = w;
    }
  }
  return best?.timezone;
}
