import type { TokenResponseBody } from "@withings-kit/client";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";

/**
 * Reads a token answer given to `login --import-tokens`: the JSON body of a requesttoken
 * call (`{"userid", "access_token", "refresh_token", …}`), the full envelope
 * (`{"status": 0, "body": {…}}`), or the sandbox control API's answer to `POST
 * /_sandbox/users` (shaped like the body). `userid` may be a number, as the API often
 * sends it.
 *
 * @throws {CliError} `USAGE` when the text is not such an answer. Messages name the missing
 *   field, never a value: these are secrets.
 * @example
 * ```ts
 * parseTokenAnswer('{"status":0,"body":{"userid":42,"access_token":"a…","refresh_token":"r…"}}');
 * // { userid: "42", access_token: "a…", refresh_token: "r…" }
 * ```
 */
export function parseTokenAnswer(text: string): TokenResponseBody {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid("it is not valid JSON");
  }
  if (!isObject(data)) throw invalid("it is not a JSON object");
  let body: Record<string, unknown> = data;
  if ("body" in data) {
    if ("status" in data && data["status"] !== 0) {
      throw invalid(`it is an error answer (status ${JSON.stringify(data["status"])})`);
    }
    const inner = data["body"];
    if (!isObject(inner)) throw invalid('its "body" is not an object');
    body = inner;
  }
  const userid = body["userid"];
  if (typeof userid !== "string" && typeof userid !== "number") throw invalid('no "userid"');
  for (const key of ["access_token", "refresh_token"]) {
    if (typeof body[key] !== "string" || body[key] === "") throw invalid(`no "${key}"`);
  }
  const expiresIn = body["expires_in"];
  if (expiresIn !== undefined && (typeof expiresIn !== "number" || !(expiresIn > 0))) {
    throw invalid('"expires_in" is not a positive number');
  }
  return {
    userid: String(userid),
    access_token: body["access_token"] as string,
    refresh_token: body["refresh_token"] as string,
    ...(typeof expiresIn === "number" ? { expires_in: expiresIn } : {}),
    ...(typeof body["scope"] === "string" ? { scope: body["scope"] } : {}),
    ...(typeof body["token_type"] === "string" ? { token_type: body["token_type"] } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(reason: string): CliError {
  return new CliError(
    EXIT_CODES.USAGE,
    `--import-tokens: not a token answer (${reason})`,
    'expected the JSON body of a requesttoken call, its {"status":0,"body":…} envelope, ' +
      "or the sandbox's POST /_sandbox/users answer",
  );
}
