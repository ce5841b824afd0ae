import type { Clock } from "../clock.js";
import type { EndpointKey } from "../endpoints.js";
import { endpoints } from "../endpoints.js";
import {
  WithingsHttpError,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "../errors/transport-errors.js";
import { WithingsRateLimitError } from "../errors/withings-api-error.js";
import { isWithingsError } from "../errors/withings-error.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { RetryPolicy } from "../limits/retry-policy.js";
import type { EndpointResults } from "../types/endpoint-results.js";
import type { ClientEvent } from "./client-event.js";
import type { CloudClock } from "./cloud-clock.js";
import { decodeEnvelope } from "./decode-envelope.js";
import type { FetchLike } from "./fetch-like.js";
import { untilAborted } from "./until-aborted.js";

/** What the transport needs; resolved once by the client. */
export interface TransportOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly rateLimiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly random: () => number;
  readonly onEvent: ((event: ClientEvent) => void) | undefined;
  /** Told the `Date` of every answer. */
  readonly cloudClock: CloudClock;
}

/** One call as the transport sends it. */
export interface TransportCall {
  /** Builds the form fields; called again for every attempt, so signed calls get a fresh nonce. */
  readonly form: () => URLSearchParams | Promise<URLSearchParams>;
  /** The user's access token for Bearer calls. */
  readonly bearer?: string | undefined;
  readonly userId?: string | undefined;
  /** Values to redact from any error text. */
  readonly secrets?: readonly (string | undefined)[];
  readonly signal?: AbortSignal | undefined;
  /** This call's policy, in place of {@link TransportOptions.retry}. */
  readonly retry?: RetryPolicy | undefined;
}

/**
 * Sends one action: waits for the app-wide rate limiter, POSTs the form, decodes the
 * envelope and the body, and retries what the policy says is worth retrying, when it says.
 * A rate-limit 601 also pauses the shared limiter, so every user of the app slows down, not
 * just this call; a 601 for a repeated request delays only the repeat.
 *
 * @example
 * ```ts
 * const body = await send(options, "signature.getnonce", { form: () => form });
 * ```
 */
export async function send<K extends EndpointKey>(
  options: TransportOptions,
  key: K,
  call: TransportCall,
): Promise<EndpointResults[K]> {
  const spec = endpoints[key];
  const context = { action: key, endpoint: spec.service };
  const url = options.baseUrl + spec.service;
  const write = "write" in spec && spec.write === true;
  const policy = call.retry ?? options.retry;
  for (let attempt = 1; ; attempt++) {
    let sentAt: number | undefined;
    const heard: Heard = {};
    try {
      await options.rateLimiter.acquire(call.signal);
      const form = await call.form();
      options.onEvent?.({ type: "request", action: key, userId: call.userId, attempt });
      sentAt = options.clock.now();
      const text = await post(options, url, form, call, context, heard);
      const body = decodeEnvelope(text, { ...context, secrets: call.secrets ?? [] });
      // The row's own decoder: the endpoint table owns the whole action.
      return spec.decode(body, context) as EndpointResults[K];
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      // The server handled the attempt at the latest when its answer came; with no answer,
      // it may have done so any time since the attempt was sent.
      const since = heard.answeredAt ?? sentAt;
      const sinceAttemptMs = since === undefined ? undefined : options.clock.now() - since;
      const state = {
        attempt,
        error,
        write,
        ...(sinceAttemptMs === undefined ? {} : { sinceAttemptMs }),
      };
      if (!policy.shouldRetry(state)) throw error;
      const delayMs = policy.delayMs(state, options.random());
      // The quota is the app's: its 601 slows every caller. A refused repeat is this
      // request's alone, and pausing the app for it would stall every other user's sync.
      if (error instanceof WithingsRateLimitError && !error.duplicate)
        options.rateLimiter.pause(delayMs);
      options.onEvent?.({
        type: "retry",
        action: key,
        userId: call.userId,
        attempt,
        delayMs,
        reason: isWithingsError(error) ? error.code : "UNKNOWN",
      });
      await options.clock.sleep(delayMs, call.signal);
    }
  }
}

/** When the answer to an attempt came, if one did. */
interface Heard {
  answeredAt?: number;
}

async function post(
  options: TransportOptions,
  url: string,
  form: URLSearchParams,
  call: TransportCall,
  context: { action: string; endpoint: string },
  heard: Heard,
): Promise<string> {
  const timeout = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (call.bearer) headers["authorization"] = `Bearer ${call.bearer}`;
  // The timeout covers the whole exchange, body included: a server that sends headers and
  // then stalls must not hang the caller.
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  try {
    // A Request object (not url + init) so that any `fetch(Request)` handler, such as the
    // sandbox's, can stand in for the network.
    const sentAt = options.clock.now();
    const response = await untilAborted(
      options.fetch(new Request(url, { method: "POST", headers, body: form.toString(), signal })),
      signal,
    );
    heard.answeredAt = options.clock.now();
    options.cloudClock.observe(response.headers.get("date"), sentAt, heard.answeredAt);
    const text = await untilAborted(response.text(), signal);
    if (!response.ok) throw new WithingsHttpError(response.status, context);
    return text;
  } catch (error) {
    if (isWithingsError(error)) throw error;
    if (call.signal?.aborted) throw call.signal.reason;
    if (timeout.signal.aborted) throw new WithingsTimeoutError(options.timeoutMs, context);
    const message = error instanceof Error ? error.message : String(error);
    throw new WithingsNetworkError(message, { ...context, cause: error });
  } finally {
    clearTimeout(timer);
  }
}
