import { WithingsArgumentError } from "@withings-kit/client";

const DAY = 86_400;

/**
 * A stretch of history a reconcile or a sweep re-reads. `from`/`to` (epoch seconds, `to`
 * excluded) bound the stored records it compares; the range it asks the API for is wider,
 * a day on each side (two before for `YYYY-MM-DD` ranges, read as UTC days), because range
 * ends are not documented as inclusive or exclusive (reference §9.3) and a day-keyed
 * record's local day can sit a day off its UTC one: a record the re-read did not cover
 * must never look deleted.
 *
 * @example
 * ```ts
 * const w: ReadWindow = readWindow(1_701_820_800, 1_704_412_800);
 * w.startYmd; // "2023-12-04"
 * ```
 */
export interface ReadWindow {
  readonly from: number;
  readonly to: number;
  /** Epoch bounds of the re-read for actions that take instants (getmeas, heart list), both included. */
  readonly readFrom: number;
  readonly readTo: number;
  /** Day bounds of the re-read for actions that take days (activity, workouts, summaries). */
  readonly startYmd: string;
  readonly endYmd: string;
}

/**
 * Builds the {@link ReadWindow} of `[from, to)`. `widenDays` reads that many more days on
 * each side: a second read of the same stretch uses it, so that it is not the identical
 * request the API refuses within 10 s (status 601, §7).
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `to` is not after `from`.
 * @example
 * ```ts
 * const w = readWindow(now - 30 * 86_400, now);
 * const again = readWindow(now - 30 * 86_400, now, 1);
 * ```
 */
export function readWindow(from: number, to: number, widenDays = 0): ReadWindow {
  if (!(to > from)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "a read window must not be empty");
  }
  const extra = widenDays * DAY;
  return {
    from,
    to,
    readFrom: Math.max(0, from - DAY - extra),
    readTo: to + DAY + extra,
    startYmd: utcYmd(Math.max(0, from - 2 * DAY - extra)),
    endYmd: utcYmd(to + DAY + extra),
  };
}

function utcYmd(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
