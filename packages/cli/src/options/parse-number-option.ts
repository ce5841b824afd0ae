import { InvalidArgumentError } from "commander";

/**
 * A commander argument parser for a number in `(0, max]`, fractions allowed (`--years 0.5`).
 *
 * @example
 * ```ts
 * command.option("--years <n>", "years of history", parseNumberOption(50), 1);
 * ```
 */
export function parseNumberOption(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(`expected a number above 0 and at most ${max}`);
    }
    return n;
  };
}
