// Tolerant readers of API values into cells (Q21: types drift between spec and reality).

/**
 * A number, a numeric string as a number, anything else `null`.
 *
 * @example
 * ```ts
 * num("42"); // 42
 * num(undefined); // null
 * ```
 */
export function num(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return null;
}

/**
 * A string, a number as text, anything else `null`.
 *
 * @example
 * ```ts
 * str(1234); // "1234"
 * str(null); // null
 * ```
 */
export function str(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * A primitive cell as is; objects and arrays as JSON text; `undefined` as `null`.
 *
 * @example
 * ```ts
 * cell({ "1": [120] }); // '{"1":[120]}'
 * ```
 */
export function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean")
    return value as string | number | boolean;
  return JSON.stringify(value) ?? null;
}

/**
 * The keys of `record` that are not in `known`, as JSON text, or `null` when there are none.
 * Rows have fixed columns so CSV columns line up; fields the API adds later are kept here
 * instead of being dropped.
 *
 * @example
 * ```ts
 * extraJson({ steps: 1, effduration: 3500 }, new Set(["steps"])); // '{"effduration":3500}'
 * ```
 */
export function extraJson(record: object, known: ReadonlySet<string>): string | null {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    if (known.has(key)) continue;
    extra ??= {};
    extra[key] = (record as Record<string, unknown>)[key];
  }
  return extra === undefined ? null : JSON.stringify(extra);
}

/**
 * `end − start` in seconds, or `null` when either is missing.
 *
 * @example
 * ```ts
 * duration(100, 160); // 60
 * ```
 */
export function duration(start: unknown, end: unknown): number | null {
  return typeof start === "number" && typeof end === "number" && Number.isFinite(end - start)
    ? end - start
    : null;
}
