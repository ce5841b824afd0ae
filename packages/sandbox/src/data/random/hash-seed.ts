/**
 * Mixes numbers and strings into one 32-bit seed. Synthetic data derives every random stream
 * from `hashSeed(userKey, day, stream)`, so any day can be generated alone, in any order, and
 * comes out the same.
 *
 * Strings are folded with FNV-1a; numbers are split into two 32-bit halves (ids and seeds
 * can exceed 2^32) and each half goes through a murmur-style finaliser, which spreads
 * neighbouring inputs (day 19000 vs 19001) over the whole range.
 *
 * @example
 * ```ts
 * const daySeed = hashSeed(42, "user-1", 19876, "bp");
 * ```
 */
export function hashSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === "string") {
      h = mix(h ^ 0x5bd1e995);
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
    } else {
      const whole = Number.isFinite(part) ? Math.trunc(part) : 0;
      const low = whole >>> 0;
      const high = Math.floor(whole / 4294967296) >>> 0;
      h = mix(h ^ low);
      h = mix(h ^ high ^ 0x27d4eb2f);
    }
  }
  return mix(h) >>> 0;
}

// The 32-bit finaliser of MurmurHash3: every input bit affects every output bit.
function mix(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
