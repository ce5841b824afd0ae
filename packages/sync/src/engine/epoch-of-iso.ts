/**
 * Epoch seconds of an ISO UTC instant as `toRows` writes it (`2024-01-05T00:00:00Z`), or
 * `null` for anything else. Stored rows carry instants as text; the engine's cursors and
 * windows are epoch seconds like the API's.
 *
 * @example
 * ```ts
 * epochOfIso("2024-01-05T00:00:00Z"); // 1704412800
 * epochOfIso(null); // null
 * ```
 */
export function epochOfIso(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}
