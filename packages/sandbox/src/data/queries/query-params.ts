import type { TimeZoneCalendar } from "../records/time-zone-calendar.js";
import { SandboxParamError } from "../sandbox-param-error.js";

const INTEGER = /^-?\d+$/;

/**
 * Typed, strict reads of a request's form parameters. A parameter sent empty counts as
 * absent (clients often send `offset=`); anything present but malformed is a
 * {@link SandboxParamError}, which the real cloud answers as status 503 "Invalid Params".
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("startdate=1700000000&meastypes=9,10"));
 * q.int("startdate"); // 1700000000
 * q.intList("meastypes"); // [9, 10]
 * ```
 */
export class QueryParams {
  readonly #params: URLSearchParams;

  constructor(params: URLSearchParams) {
    this.#params = params;
  }

  /** True when the parameter is present and not empty. */
  has(name: string): boolean {
    const value = this.#params.get(name);
    return value !== null && value.trim() !== "";
  }

  /** The raw text, or `undefined` when absent. */
  text(name: string): string | undefined {
    const value = this.#params.get(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  /** An integer (epoch seconds, offsets, codes). */
  int(name: string): number | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    if (!INTEGER.test(text))
      throw new SandboxParamError(`${name} must be an integer, got ${quote(text)}`);
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new SandboxParamError(`${name} is out of range`);
    return value;
  }

  /** A non-negative integer (`offset`). */
  offset(name = "offset"): number {
    const value = this.int(name);
    if (value === undefined) return 0;
    if (value < 0) throw new SandboxParamError(`${name} must not be negative`);
    return value;
  }

  /** A comma-separated list of integers (`meastypes`). */
  intList(name: string): number[] | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    return text.split(",").map((part) => {
      const item = part.trim();
      if (!INTEGER.test(item))
        throw new SandboxParamError(`${name} must list integers, got ${quote(text)}`);
      return Number(item);
    });
  }

  /** A comma-separated list of names (`data_fields`). */
  stringList(name: string): string[] | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    return text
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  }

  /** A `YYYY-MM-DD` day as a day number of `calendar`. */
  day(name: string, calendar: TimeZoneCalendar): number | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    const day = calendar.dayFromYmd(text);
    if (day === undefined)
      throw new SandboxParamError(`${name} must be a YYYY-MM-DD date, got ${quote(text)}`);
    return day;
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
