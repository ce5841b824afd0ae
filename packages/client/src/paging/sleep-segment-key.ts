import type { SleepSegment } from "../types/sleep.js";

/**
 * What makes a `sleep.get` segment itself: its bounds, its state and its device. Two 24 h
 * windows that meet inside a segment both return it (quirk Q8), and two devices (a Sleep
 * Analyzer and a watch) can record the same night with segments that start at the same
 * second: stitching keeps one segment per key, so the seam's copy goes and neither
 * device's segment does.
 *
 * @example
 * ```ts
 * sleepSegmentKey({ startdate: 1, enddate: 61, state: 1, model_id: 93, hash_deviceid: "ab" });
 * // "1:61:1:93:ab"
 * ```
 */
export function sleepSegmentKey(segment: SleepSegment): string {
  const device = `${segment.model_id ?? ""}:${segment.hash_deviceid ?? ""}`;
  return `${segment.startdate}:${segment.enddate}:${segment.state}:${device}`;
}
