import { InvalidArgumentError } from "commander";

/**
 * A commander argument parser for an integer in `[min, max]`; anything else is a usage
 * error (exit code 2) naming the range.
 *
 * @example
 * ```ts
 * command.option("--port <n>", "TCP port", parseIntegerOption(0, 65_535), 0);
 * ```
 */
export function parseIntegerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}
