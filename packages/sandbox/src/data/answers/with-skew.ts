// Skewed copies of frozen records, by record: a page of 4,096 skewed groups is the same
// array of the same frozen copies request after request, so the HTTP layer's cache of their
// JSON keeps working. One skew per record is remembered (skews change rarely).
const copies = new WeakMap<object, { readonly skew: number; readonly copy: object }>();

/**
 * A record as a server whose clock is `skew` seconds off answers it: its `created` and
 * `modified` stamps moved by `skew` ("servers whose clocks disagree",
 * docs/sync-guarantees.md). The same frozen copy is answered every time for a record and a
 * skew; with no skew the record itself.
 *
 * @example
 * ```ts
 * withSkew(Object.freeze({ grpid: 1, created: 100, modified: 200 }), 30);
 * // { grpid: 1, created: 130, modified: 230 }
 * ```
 */
export function withSkew<R extends object>(record: R, skew: number): R {
  if (skew === 0) return record;
  const cached = copies.get(record);
  if (cached !== undefined && cached.skew === skew) return cached.copy as R;
  const source = record as Readonly<Record<string, unknown>>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    copy[key] =
      (key === "created" || key === "modified") && typeof value === "number" ? value + skew : value;
  }
  Object.freeze(copy);
  copies.set(record, { skew, copy });
  return copy as R;
}
