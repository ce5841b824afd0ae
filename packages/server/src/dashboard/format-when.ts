/**
 * An epoch instant as UTC text to the minute, or "never".
 *
 * @example
 * ```ts
 * formatWhen(1_768_392_000); // "2026-01-14 12:00 UTC"
 * ```
 */
export function formatWhen(epochSeconds: number | null): string {
  if (epochSeconds === null) return "never";
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
