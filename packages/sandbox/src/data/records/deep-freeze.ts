/**
 * Freezes a JSON-like value and everything inside it, so records handed out in answers can
 * be shared between answers without anyone changing them.
 *
 * @example
 * ```ts
 * const g = deepFreeze({ measures: [{ value: 1, type: 1, unit: 0 }] });
 * Object.isFrozen(g.measures[0]); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
