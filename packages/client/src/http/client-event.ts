import type { EndpointKey } from "../endpoints.js";

/**
 * What the client reports as it works, for progress, metrics and request accounting. No
 * event carries a token, a secret or a request body.
 *
 * @example
 * ```ts
 * createWithingsClient({ clientId, clientSecret, onEvent: (e) => e.type === "retry" && console.warn(e) });
 * ```
 */
export type ClientEvent =
  | {
      readonly type: "request";
      readonly action: EndpointKey;
      readonly userId: string | undefined;
      readonly attempt: number;
    }
  | {
      readonly type: "retry";
      readonly action: EndpointKey;
      readonly userId: string | undefined;
      readonly attempt: number;
      readonly delayMs: number;
      /** The error's code, e.g. `WITHINGS_TIMEOUT`. */
      readonly reason: string;
    }
  | { readonly type: "refresh"; readonly userId: string }
  | {
      readonly type: "page-probe";
      readonly action: EndpointKey;
      readonly userId: string | undefined;
    };
