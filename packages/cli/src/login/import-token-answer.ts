import {
  isWithingsError,
  type TokenSet,
  WithingsApiError,
  type WithingsClient,
  WithingsResponseError,
} from "@withings-kit/client";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";

/**
 * Stores a token answer given to `login --import-tokens`: the JSON body of a requesttoken
 * call, its `{"status": 0, "body": …}` envelope, or the sandbox control API's answer to
 * `POST /_sandbox/users`. The client checks the answer (`saveTokens`); this only reads the
 * JSON and words a refusal for the command line.
 *
 * @throws {CliError} `USAGE` when the text is not such an answer. Messages name the wrong
 *   field, never a value: these are secrets.
 * @example
 * ```ts
 * const tokens = await importTokenAnswer(client, await readTokenInput("-", io));
 * ```
 */
export async function importTokenAnswer(client: WithingsClient, text: string): Promise<TokenSet> {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw refused("it is not valid JSON");
  }
  try {
    return await client.saveTokens(answer);
  } catch (error) {
    if (error instanceof WithingsResponseError) throw refused(error.message);
    if (error instanceof WithingsApiError) {
      throw refused(`it is an error answer (status ${error.status})`);
    }
    if (isWithingsError(error)) throw refused(error.code);
    throw error;
  }
}

function refused(reason: string): CliError {
  return new CliError(
    EXIT_CODES.USAGE,
    `--import-tokens: not a token answer (${reason})`,
    'expected the JSON body of a requesttoken call, its {"status":0,"body":…} envelope, ' +
      "or the sandbox's POST /_sandbox/users answer",
  );
}
