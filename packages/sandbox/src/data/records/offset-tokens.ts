import { hashSeed } from "../random/hash-seed.js";
import type { TablePosition } from "./table-position.js";

/**
 * The opaque offsets of the `token` offset style (reference §1.13: "treat `offset` as an
 * opaque cursor"): each stands for the position of the last row a page served, so the next
 * page resumes right after it whatever was deleted meanwhile (keyset paging). One token per
 * (action, position), so memory grows with the positions served, not with requests; tokens
 * are 10-digit integers drawn from the seed, nothing a client could compute.
 *
 * @example
 * ```ts
 * const tokens = new OffsetTokens();
 * const token = tokens.tokenFor("heart.list", { sort: 1767225600, tie: 9, id: 9 }, 42);
 * tokens.positionOf("heart.list", token); // { sort: 1767225600, tie: 9, id: 9 }
 * ```
 */
export class OffsetTokens {
  readonly #positions = new Map<number, { readonly key: string; readonly at: TablePosition }>();
  readonly #tokens = new Map<string, number>();

  /** The token of a position of an action's list (the same token every time). */
  tokenFor(key: string, at: TablePosition, seed: number): number {
    const name = `${key}\n${at.sort}\n${at.tie}\n${typeof at.id}:${at.id}`;
    const known = this.#tokens.get(name);
    if (known !== undefined) return known;
    // A 32-bit hash above 10^9: always ten digits, never a plausible row count.
    let token = 1_000_000_000 + hashSeed(seed, "offset-token", name);
    while (this.#positions.has(token)) token++;
    this.#positions.set(token, { key, at: { sort: at.sort, tie: at.tie, id: at.id } });
    this.#tokens.set(name, token);
    return token;
  }

  /** The position a token stands for on this action's list, or `undefined` for an unknown token. */
  positionOf(key: string, token: number): TablePosition | undefined {
    const found = this.#positions.get(token);
    return found === undefined || found.key !== key ? undefined : found.at;
  }
}
