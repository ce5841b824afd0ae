import { formatUtc } from "./_civil.js";

/**
 * ISO 8601 UTC text of Withings epoch seconds, whole seconds with `Z`
 * (`2024-03-31T01:00:00Z`), or `null` for a missing or non-finite value. Fractions of a
 * second are truncated; Withings timestamps are whole seconds (reference §0), never ms.
 *
 * @example
 * ```ts
 * utcIso(1711846800); // "2024-03-31T01:00:00Z"
 * utcIso(null); // null
 * ```
 */
export function utcIso(epochSeconds: number | null | undefined): string | null {
  if (typeof epochSeconds !== "number" || !Number.isFinite(epochSeconds)) return null;
  return formatUtc(Math.floor(epochSeconds));
}
