import type { Cell } from "@withings-kit/client";

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field per RFC 4180: quoted (with inner quotes doubled) when it holds a comma, a
 * quote or a line break; `null` as an empty field; booleans as `true`/`false`; numbers as
 * JavaScript prints them (the shortest text that reads back as the same double).
 *
 * @example
 * ```ts
 * csvField('say "hi", twice'); // '"say ""hi"", twice"'
 * csvField(null); // ""
 * ```
 */
export function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
