/**
 * Any value `JSON.parse` can return. Data changes carry API-shaped records as JSON so they
 * travel unchanged through the control API.
 *
 * @example
 * ```ts
 * const v: JsonValue = { measures: [{ value: 72000, type: 1, unit: -3 }] };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * const o: JsonObject = { steps: 1200 };
 * ```
 */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
