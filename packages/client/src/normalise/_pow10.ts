/**
 * 10^0 … 10^22: every one is exactly representable as a double (5^22 < 2^53), which is
 * what makes a single division or multiplication by them correctly rounded.
 *
 * @example
 * ```ts
 * POW10[3]; // 1000
 * ```
 */
export const POW10: readonly number[] = Object.freeze(
  Array.from({ length: 23 }, (_, k) => Number(`1e${k}`)),
);
