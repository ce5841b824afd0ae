/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every runtime, which
 * is what makes fault runs and synthetic data reproducible. Not for secrets.
 *
 * @example
 * ```ts
 * const next = seededRandom(42);
 * next(); // a number in [0, 1), the same one for seed 42 every time
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Derives an independent 32-bit seed from a base seed and a stream index, so that user 3's data
 * does not depend on how many faults were drawn before it was created.
 *
 * @example
 * ```ts
 * deriveSeed(42, 0) !== deriveSeed(42, 1); // true
 * ```
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
