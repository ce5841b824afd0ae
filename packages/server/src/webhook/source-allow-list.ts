import { BlockList, isIP } from "node:net";
import { WithingsArgumentError } from "@withings-kit/client";

/**
 * The network sources allowed to call the webhook: addresses and CIDR ranges, IPv4 and IPv6
 * (reference §3.2: Withings publishes the ranges it calls from). Replaceable in place, so a
 * running service takes a refreshed list at once.
 *
 * @example
 * ```ts
 * const list = SourceAllowList.parse(["203.0.113.0/24", "2001:db8::/32"]);
 * list.allows("203.0.113.9"); // true
 * list.allows("198.51.100.1"); // false
 * ```
 */
export class SourceAllowList {
  #blocks = new BlockList();
  #size = 0;

  /**
   * A list of `entries`: addresses or `address/prefix` ranges, optionally written `ip4:…` or
   * `ip6:…` as in SPF records.
   *
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` naming the first entry that is
   *   neither.
   */
  static parse(entries: readonly string[]): SourceAllowList {
    const list = new SourceAllowList();
    list.replace(entries);
    return list;
  }

  /** How many addresses and ranges it holds. */
  get size(): number {
    return this.#size;
  }

  /**
   * Replaces every entry; on a bad entry it throws and keeps the entries it had.
   *
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` naming the first bad entry.
   */
  replace(entries: readonly string[]): void {
    const blocks = new BlockList();
    for (const entry of entries) {
      const parsed = parseEntry(entry);
      if (parsed === undefined) {
        throw new WithingsArgumentError(
          "ERR_INVALID_ARG_VALUE",
          `not an IP address or range: ${entry}`,
        );
      }
      if (parsed.prefix === undefined) blocks.addAddress(parsed.address, parsed.family);
      else blocks.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.#blocks = blocks;
    this.#size = entries.length;
  }

  /** Whether `address` (as a socket reports it, IPv4-mapped IPv6 too) is allowed. */
  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    const plain =
      address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    if (family === 0) return false;
    return this.#blocks.check(plain, family === 4 ? "ipv4" : "ipv6");
  }
}

/**
 * The address and range tokens of DNS TXT strings, ignoring every other word: the format of
 * Withings' records is not documented (reference §3.2), so anything that reads as an
 * address or range is taken, with or without an SPF-style `ip4:`/`ip6:` prefix.
 *
 * @example
 * ```ts
 * rangesInText(["v=spf1 ip4:203.0.113.0/24 ip4:198.51.100.7 -all"]); // ["203.0.113.0/24", "198.51.100.7"]
 * ```
 */
export function rangesInText(texts: readonly string[]): string[] {
  const ranges: string[] = [];
  for (const text of texts) {
    for (const word of text.split(/[\s,;]+/)) {
      const token = word.replace(/^ip[46]:/i, "");
      if (token !== "" && parseEntry(token) !== undefined) ranges.push(token);
    }
  }
  return ranges;
}

function parseEntry(
  entry: string,
): { address: string; family: "ipv4" | "ipv6"; prefix: number | undefined } | undefined {
  const text = entry.trim().replace(/^ip[46]:/i, "");
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (slash < 0) return { address, family, prefix: undefined };
  const digits = text.slice(slash + 1);
  const prefix = Number(digits);
  if (!/^\d{1,3}$/.test(digits) || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, family, prefix };
}
