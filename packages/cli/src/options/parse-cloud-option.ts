import { cloudUrls } from "@withings-kit/client/internal";
import { InvalidArgumentError } from "commander";

/**
 * What is wrong with a cloud setting, or `undefined` when it is `eu`, `us` or an http(s)
 * base URL. A URL with a user name or password is refused: `fetch` will not send a request
 * to one, and the password must not travel into messages.
 *
 * @example
 * ```ts
 * cloudProblem("ftp://example.com"); // 'expected "eu", "us" or an http(s) base URL'
 * ```
 */
export function cloudProblem(value: string): string | undefined {
  try {
    cloudUrls(value);
  } catch {
    return 'expected "eu", "us" or an http(s) base URL';
  }
  if (value !== "eu" && value !== "us") {
    const url = new URL(value);
    if (url.username !== "" || url.password !== "") {
      return "a cloud URL cannot hold a user name or password (fetch refuses to send them)";
    }
  }
  return undefined;
}

/**
 * Checks a `--cloud` value: `eu`, `us`, or an http(s) base URL (a sandbox), see
 * {@link cloudProblem}.
 *
 * @example
 * ```ts
 * command.option("--cloud <cloud>", "eu, us or a base URL", parseCloudOption);
 * ```
 */
export function parseCloudOption(value: string): string {
  const problem = cloudProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
}
