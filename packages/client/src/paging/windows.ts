import { WithingsArgumentError } from "../errors/withings-argument-error.js";

/**
 * A half-open range of Unix seconds `[start, end)`.
 *
 * @example
 * ```ts
 * const day: Window = { start: 1_700_000_000, end: 1_700_086_400 };
 * ```
 */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits `[start, end]` into consecutive windows no longer than `size` seconds, because
 * intraday activity and sleep detail silently return only the first 24 h of a longer range
 * (quirk Q8).
 *
 * @example
 * ```ts
 * splitWindows(0, 172_800, 86_400); // [{ start: 0, end: 86400 }, { start: 86400, end: 172800 }]
 * ```
 */
export function splitWindows(start: number, end: number, size: number): Window[] {
  if (!(end >= start)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "enddate must not be before startdate",
    );
  }
  if (end === start) return [{ start, end }];
  const out: Window[] = [];
  for (let from = start; from < end; from += size)
    out.push({ start: from, end: Math.min(end, from + size) });
  return out;
}
