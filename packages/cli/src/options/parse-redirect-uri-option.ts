import { InvalidArgumentError } from "commander";

/**
 * What is wrong with a redirect URI, or `undefined` when it is an absolute http(s) URL
 * without a fragment, as OAuth 2.0 requires of a registered callback (RFC 6749 §3.1.2).
 *
 * @example
 * ```ts
 * redirectUriProblem("not a uri"); // "expected an absolute http(s) URL such as http://127.0.0.1:8765/callback"
 * ```
 */
export function redirectUriProblem(value: string): string | undefined {
  const expected = "expected an absolute http(s) URL such as http://127.0.0.1:8765/callback";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return expected;
  if (url.hash !== "") return "a redirect URI cannot have a #fragment";
  return undefined;
}

/**
 * Checks `--redirect-uri` (see {@link redirectUriProblem}); a usage error otherwise.
 *
 * @example
 * ```ts
 * command.option("--redirect-uri <uri>", "the app's callback URL", parseRedirectUriOption);
 * ```
 */
export function parseRedirectUriOption(value: string): string {
  const problem = redirectUriProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
}
