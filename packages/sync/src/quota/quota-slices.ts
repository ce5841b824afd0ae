import { WithingsArgumentError } from "@withings-kit/client";

/**
 * How a quota counted over a sliding window is shared through a counter of consecutive
 * fixed slices: at most `points` requests per slice of `sliceMs`.
 *
 * @example
 * ```ts
 * const slices: QuotaSlices = { sliceMs: 2186, points: 4 };
 * ```
 */
export interface QuotaSlices {
  readonly sliceMs: number;
  readonly points: number;
}

/**
 * The slices that admit the most requests while no `windowMs` of the cloud's clock ever
 * sees more than `limit`. The API counts over a sliding window (reference §7); a shared
 * counter (rate-limiter-flexible's, in PostgreSQL) counts in slices, each begun by the
 * first request after the last one ended. A request reaches the cloud up to `marginMs`
 * after it was admitted, and a slice can be `skewMs` shorter than asked (the clocks that
 * stamp it differ by as much). So each slice is at least `(windowMs + marginMs) / k` long
 * for some `k`; any window then meets at most `k + 1` slices, and `points` is
 * `floor(limit / (k + 1))`. Of all `k` whose slices last `minSliceMs` at least (shorter
 * slices cost the counter more questions than they win), the one with the highest rate
 * wins.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `limit` is not an integer of 2
 *   or more, `windowMs` not positive, or `marginMs` or `skewMs` negative.
 * @example
 * ```ts
 * quotaSlices(120, 60_000, 500, 0); // { sliceMs: 1026, points: 2 }: 117 a minute, 0.975 of 120
 * ```
 */
export function quotaSlices(
  limit: number,
  windowMs: number,
  marginMs: number,
  skewMs: number,
  minSliceMs = 1_000,
): QuotaSlices {
  if (!Number.isInteger(limit) || limit < 2) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "limit must be an integer of 2 or more",
    );
  }
  if (!(windowMs > 0) || !(marginMs >= 0) || !(skewMs >= 0)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "windowMs must be positive, marginMs and skewMs not negative",
    );
  }
  const span = windowMs + marginMs;
  let best: QuotaSlices | undefined;
  let bestRate = 0;
  for (let k = 1; k < limit; k++) {
    const points = Math.floor(limit / (k + 1));
    // Whole milliseconds, rounded up: a slice may only be longer than the bound needs.
    let sliceMs = Math.ceil(span / k + skewMs);
    // The counter takes seconds and multiplies them back: keep only lengths that survive
    // the round trip whole (a longer slice is always safe).
    while ((sliceMs / 1000) * 1000 !== sliceMs) sliceMs++;
    if (k > 1 && sliceMs < minSliceMs) break;
    const rate = points / sliceMs;
    if (rate > bestRate) {
      bestRate = rate;
      best = { sliceMs, points };
    }
  }
  // limit >= 2 gives k = 1 at least one slice of one point.
  return best!;
}
