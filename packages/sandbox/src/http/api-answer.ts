import { bodyChunks, joinChunks } from "./body-chunks.js";

/**
 * A Withings answer before it is written: body `status` 0 with a `body`, or a failure with an
 * `error` text. Failures keep HTTP 200, as the real cloud does (reference §0, Q1).
 *
 * @example
 * ```ts
 * const answer: ApiAnswer = fail(503, "Invalid Params: invalid code");
 * new TextDecoder().decode(envelopeBytes(answer));
 * // '{"status":503,"body":{},"error":"Invalid Params: invalid code"}'
 * ```
 */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly error?: string;
}

/**
 * A successful answer.
 *
 * @example
 * ```ts
 * ok({ nonce: "abc" });
 * ```
 */
export function ok(body: unknown): ApiAnswer {
  return { status: 0, body };
}

/**
 * A failed answer with the given body status and error text.
 *
 * @example
 * ```ts
 * fail(601, "Same arguments in less than 10 seconds", { wait_seconds: 4 });
 * ```
 */
export function fail(status: number, error: string, body: object = {}): ApiAnswer {
  return { status, body, error };
}

/**
 * The envelope as UTF-8 JSON, `{"status":…,"body":…[,"error":…]}`.
 *
 * @example
 * ```ts
 * envelopeBytes(ok({})); // the bytes of '{"status":0,"body":{}}'
 * ```
 */
export function envelopeBytes(answer: ApiAnswer): Uint8Array<ArrayBuffer> {
  // Built around the body's chunks so that a large body is neither copied into a wrapper object
  // nor stringified again.
  const chunks = bodyChunks(answer.body ?? {});
  chunks.unshift(`{"status":${answer.status},"body":`);
  chunks.push(answer.error === undefined ? "}" : `,"error":${JSON.stringify(answer.error)}}`);
  return joinChunks(chunks);
}

/**
 * A JSON response with HTTP 200, as every Withings answer is sent, with the server's `Date`
 * header when given (set here, at construction: changing the headers of a built response
 * costs the Node server its fast path).
 *
 * @example
 * ```ts
 * jsonResponse(envelopeBytes(ok({})), new Date().toUTCString());
 * ```
 */
export function jsonResponse(bytes: Uint8Array<ArrayBuffer>, date?: string): Response {
  return new Response(bytes, {
    status: 200,
    headers:
      date === undefined
        ? { "content-type": "application/json" }
        : { "content-type": "application/json", date },
  });
}
