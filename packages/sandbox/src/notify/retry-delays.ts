import type { SeededRandom } from "../data/random/seeded-random.js";

const MINUTE = 60;
const HOUR = 3600;

/**
 * The waits, in seconds, before each delivery cycle after the first (reference §3.3, newer
 * guide): +10 s, +1 min plus 1–10 min, +1 h plus 2–20 min, +4 h plus 3–30 min, each counted
 * from the cycle before. A cycle is two tries back to back; with the first, five cycles make
 * the ten attempts the guide gives a notification, about five and a half hours in all.
 *
 * @example
 * ```ts
 * retryDelays(new SeededRandom(1)); // [10, 301, 4345, 15212] (for example)
 * ```
 */
export function retryDelays(random: SeededRandom): number[] {
  return [
    10,
    MINUTE + random.int(1 * MINUTE, 10 * MINUTE),
    HOUR + random.int(2 * MINUTE, 20 * MINUTE),
    4 * HOUR + random.int(3 * MINUTE, 30 * MINUTE),
  ];
}
