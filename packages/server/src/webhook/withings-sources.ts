import { promises as dns } from "node:dns";
import { rangesInText, type SourceAllowList } from "./source-allow-list.js";

/**
 * The DNS names whose TXT records list the addresses Withings calls from (reference §3.2),
 * per cloud: the public one, and the US medical cloud.
 *
 * @example
 * ```ts
 * WITHINGS_SOURCE_RECORDS.eu; // ["ipblock-notify.withings.net", "ipblock-front.withings.net"]
 * ```
 */
export const WITHINGS_SOURCE_RECORDS = Object.freeze({
  eu: Object.freeze(["ipblock-notify.withings.net", "ipblock-front.withings.net"]),
  us: Object.freeze(["ipblock-notify.us.withingsmed.net", "ipblock-front.us.withingsmed.net"]),
});

/**
 * Why Withings' source list could not be loaded: no record answered, or none held an address.
 *
 * @example
 * ```ts
 * try { await loadWithingsSources(list); } catch (e) { if (e instanceof SourceListError) console.error(e.message); }
 * ```
 */
export class SourceListError extends Error {
  override readonly name = "SourceListError";
}

/**
 * Options of {@link loadWithingsSources}.
 *
 * @example
 * ```ts
 * const o: WithingsSourcesOptions = { cloud: "us" };
 * ```
 */
export interface WithingsSourcesOptions {
  /** Which cloud's records: the public one, or the US medical cloud. @default "eu" */
  readonly cloud?: keyof typeof WITHINGS_SOURCE_RECORDS;
  /** The DNS TXT lookup. @default node:dns's resolveTxt */
  readonly resolveTxt?: (name: string) => Promise<string[][]>;
}

/**
 * Reads Withings' published source ranges from DNS and puts them in `list` (replacing what
 * it held). Withings says it changes these records a week before any change of address, so
 * a daily refresh is enough. Throws a {@link SourceListError} when a name does not answer
 * (half a list would refuse the notifications of the other half's servers) or when no
 * record gives an address; `list` then keeps what it had.
 *
 * @example
 * ```ts
 * const list = new SourceAllowList();
 * await loadWithingsSources(list, { cloud: "eu" });
 * list.size; // the ranges found
 * ```
 */
export async function loadWithingsSources(
  list: SourceAllowList,
  options: WithingsSourcesOptions = {},
): Promise<number> {
  const names = WITHINGS_SOURCE_RECORDS[options.cloud ?? "eu"];
  const resolveTxt = options.resolveTxt ?? ((name: string) => dns.resolveTxt(name));
  const ranges: string[] = [];
  const failures: string[] = [];
  for (const name of names) {
    try {
      // A TXT record comes in chunks of at most 255 bytes: join each record's chunks.
      ranges.push(...rangesInText((await resolveTxt(name)).map((chunks) => chunks.join(""))));
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new SourceListError(`Withings' source addresses not read: ${failures.join("; ")}`);
  }
  if (ranges.length === 0) {
    throw new SourceListError(
      `no Withings source address found in the TXT records of ${names.join(" and ")}`,
    );
  }
  list.replace(ranges);
  return ranges.length;
}
