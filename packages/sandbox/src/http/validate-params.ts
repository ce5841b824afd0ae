import type { CloudAction, CloudParamFormat } from "../cloud/cloud-action.js";

const PATTERNS: Readonly<Record<CloudParamFormat, RegExp>> = {
  epoch: /^-?\d+$/,
  ymd: /^\d{4}-\d{2}-\d{2}$/,
  int: /^-?\d+$/,
  "int-list": /^-?\d+(,-?\d+)*$/,
  string: /^[\s\S]*$/,
  "string-list": /^[\s\S]*$/,
  bool: /^(true|false|1|0)$/,
};

/**
 * Checks the parameters of a call against its row of the sandbox's table: required ones
 * present, each in its wire format (reference §0: epoch seconds, `YYYY-MM-DD` days,
 * comma-joined lists). Unknown parameters are ignored, as the real cloud ignores them.
 * Answers the problem (`missing x` / `invalid x`), or `undefined`.
 *
 * @example
 * ```ts
 * validateParams(CLOUD_ACTIONS["sleep.get"], new URLSearchParams("startdate=1")); // "missing enddate"
 * ```
 */
export function validateParams(spec: CloudAction, params: URLSearchParams): string | undefined {
  for (const [name, param] of Object.entries(spec.params)) {
    const value = params.get(name);
    if (value === null || value === "") {
      if (param.required) return `missing ${name}`;
      continue;
    }
    if (!PATTERNS[param.format].test(value)) return `invalid ${name}`;
    if (param.format === "ymd" && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      return `invalid ${name}`;
    }
  }
  return undefined;
}
