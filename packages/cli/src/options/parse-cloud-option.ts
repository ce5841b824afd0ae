import { cloudUrls } from "@withings-kit/client";
import { InvalidArgumentError } from "commander";

/**
 * Checks a `--cloud` value: `eu`, `us`, or an http(s) base URL (a sandbox).
 *
 * @example
 * ```ts
 * command.option("--cloud <cloud>", "eu, us or a base URL", parseCloudOption);
 * ```
 */
export function parseCloudOption(value: string): string {
  try {
    cloudUrls(value);
  } catch {
    throw new InvalidArgumentError('expected "eu", "us" or an http(s) base URL');
  }
  return value;
}
