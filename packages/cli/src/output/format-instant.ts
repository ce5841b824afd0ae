/**
 * An instant for people: `2025-03-01 08:15 UTC`. UTC, because the CLI may run far from the
 * user whose data it shows, and a status line must mean the same thing everywhere.
 *
 * @example
 * ```ts
 * formatInstant(Date.UTC(2025, 2, 1, 8, 15)); // "2025-03-01 08:15 UTC"
 * ```
 */
export function formatInstant(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
