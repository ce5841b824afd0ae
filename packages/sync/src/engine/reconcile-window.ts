/**
 * The stretch a deletion reconcile re-reads. `from`/`to` (epoch seconds) bound the stored
 * records it compares; the range it asks the API for is wider, by a day on each side (two
 * before for `YYYY-MM-DD` ranges, read as UTC days), so that every stored record whose
 * instant lies in `[from, to]` is in the re-read whatever its time zone: a record the
 * re-read did not cover must never look deleted.
 *
 * @example
 * ```ts
 * reconcileWindow(1_704_412_800, 30);
 * // { from: 1_701_820_800, to: 1_704_412_800, readFrom: 1_701_734_400, readTo: 1_704_499_200,
 * //   startYmd: "2023-12-04", endYmd: "2024-01-06" }
 * ```
 */
export interface ReconcileWindow {
  readonly from: number;
  readonly to: number;
  /** Epoch bounds of the re-read for actions that take instants (getmeas, heart list). */
  readonly readFrom: number;
  readonly readTo: number;
  /** Day bounds of the re-read for actions that take days (activity, workouts, summaries). */
  readonly startYmd: string;
  readonly endYmd: string;
}

const DAY = 86_400;

/**
 * Builds the {@link ReconcileWindow} of the last `days` days before `now` (epoch seconds).
 * `widenDays` reads that many more days on each side: a second, confirming re-read uses it,
 * so that it is not the identical request the API refuses within 10 s (status 601, §7).
 *
 * @example
 * ```ts
 * const w = reconcileWindow(clock.now() / 1000, 30);
 * ```
 */
export function reconcileWindow(now: number, days: number, widenDays = 0): ReconcileWindow {
  if (!(days > 0)) throw new RangeError("reconcile days must be positive");
  const to = Math.floor(now);
  const from = to - Math.round(days * DAY);
  const extra = widenDays * DAY;
  return {
    from,
    to,
    readFrom: from - DAY - extra,
    readTo: to + DAY + extra,
    startYmd: utcYmd(from - 2 * DAY - extra),
    endYmd: utcYmd(to + DAY + extra),
  };
}

function utcYmd(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
