import { apiErrorFromStatus } from "../errors/api-error-from-status.js";
import { redact } from "../errors/redact.js";
import type { ErrorContext } from "../errors/withings-error.js";
import { WithingsResponseError } from "../errors/withings-response-error.js";

/**
 * What decoding needs to know besides the text: where the call went, what to hide.
 *
 * @example
 * ```ts
 * const context: DecodeContext = {
 *   action: "oauth2.requesttoken", endpoint: "/v2/oauth2", secrets: [clientSecret],
 * };
 * decodeEnvelope(text, context);
 * ```
 */
export interface DecodeContext extends ErrorContext {
  /** Secret values of the request, removed from any error text. */
  readonly secrets?: readonly (string | undefined)[];
}

/**
 * Reads a Withings answer: parses the JSON envelope, throws the typed error for any
 * `status` other than 0, and returns `body` (unknown, for a body decoder to check).
 *
 * HTML and other non-JSON text, truncated JSON and envelopes of the wrong shape become
 * {@link WithingsResponseError}s. An envelope without `status` but with an object `body` is
 * taken as success: older token answers look like that.
 *
 * @example
 * ```ts
 * decodeEnvelope('{"status":0,"body":{"nonce":"x"}}'); // { nonce: "x" }
 * decodeEnvelope('{"status":401,"body":{}}'); // throws WithingsAuthError
 * ```
 */
export function decodeEnvelope(text: string, context: DecodeContext = {}): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new WithingsResponseError(
      classify(text),
      "$",
      describeText(text, context),
      errorContext(context, cause),
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new WithingsResponseError("shape", "$", "expected an object envelope", context);
  }
  const envelope = parsed as { status?: unknown; body?: unknown; error?: unknown };
  const status = envelope.status;
  if (status === undefined) {
    if (typeof envelope.body === "object" && envelope.body !== null) return envelope.body;
    throw new WithingsResponseError("shape", "$.status", "missing", context);
  }
  const code = typeof status === "string" && /^\d+$/.test(status) ? Number(status) : status;
  if (typeof code !== "number" || !Number.isInteger(code)) {
    throw new WithingsResponseError("shape", "$.status", "expected an integer", context);
  }
  if (code !== 0) {
    const message =
      typeof envelope.error === "string"
        ? redact(envelope.error, context.secrets).slice(0, 500)
        : undefined;
    throw apiErrorFromStatus(code, envelope.body, message, errorContext(context));
  }
  // Success without a body happens on write actions; decoders see `{}`.
  return envelope.body === undefined || envelope.body === null ? {} : envelope.body;
}

function errorContext(context: DecodeContext, cause?: unknown): ErrorContext {
  return {
    ...(context.action === undefined ? {} : { action: context.action }),
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
    ...(cause === undefined ? {} : { cause }),
  };
}

function classify(text: string): "html" | "truncated" | "not-json" {
  const head = text.trimStart().slice(0, 100).toLowerCase();
  if (head.startsWith("<")) return "html";
  if (head.startsWith("{") || head.startsWith("[")) return "truncated";
  return "not-json";
}

function describeText(text: string, context: DecodeContext): string {
  if (text.length === 0) return "empty answer";
  // Answers of the token and signature endpoints carry secrets: no excerpt at all.
  if (context.endpoint === "/v2/oauth2" || context.endpoint === "/v2/signature") {
    return `${text.length} characters`;
  }
  // A short, printable excerpt helps diagnose proxies; secret fields are masked all the same.
  const excerpt = redact(text.slice(0, 60), context.secrets).replace(/[^\x20-\x7e]/g, "?");
  return `${text.length} characters starting ${JSON.stringify(excerpt)}`;
}
