import type { EndpointKey } from "../endpoints.js";
import type { ErrorContext } from "../errors/withings-error.js";
import type { EndpointResults } from "../types/endpoint-results.js";
import { decodeEmptyBody } from "./decode-empty-body.js";
import { decodeGetActivityBody } from "./decode-get-activity-body.js";
import { decodeGetDevicesBody } from "./decode-get-devices-body.js";
import { decodeGetGoalsBody } from "./decode-get-goals-body.js";
import { decodeGetIntradayBody } from "./decode-get-intraday-body.js";
import { decodeGetMeasBody } from "./decode-get-meas-body.js";
import { decodeGetSleepBody } from "./decode-get-sleep-body.js";
import { decodeGetSleepSummaryBody } from "./decode-get-sleep-summary-body.js";
import { decodeGetWorkoutsBody } from "./decode-get-workouts-body.js";
import { decodeHeartListBody } from "./decode-heart-list-body.js";
import { decodeHeartSignalBody } from "./decode-heart-signal-body.js";
import { decodeNonceBody } from "./decode-nonce-body.js";
import { decodeNotifyListBody } from "./decode-notify-list-body.js";
import { decodeSubscription } from "./decode-subscription.js";
import { decodeTokenResponseBody } from "./decode-token-response-body.js";

/**
 * The body decoder of every action, keyed like `endpoints`: the transport runs
 * `decoders[key](decodeEnvelope(text, context), context)`. Typed over every
 * {@link EndpointKey}, so an action added without a decoder fails the build.
 *
 * @example
 * ```ts
 * const body = decoders["measure.getmeas"](decodeEnvelope(text), { action: "measure.getmeas" });
 * body.measuregrps.length;
 * ```
 */
export const decoders: {
  readonly [K in EndpointKey]: (body: unknown, context?: ErrorContext) => EndpointResults[K];
} = Object.freeze({
  "oauth2.requesttoken": decodeTokenResponseBody,
  "oauth2.revoke": decodeEmptyBody,
  "oauth2.getdemoaccess": decodeTokenResponseBody,
  "signature.getnonce": decodeNonceBody,
  "measure.getmeas": decodeGetMeasBody,
  "measure.getactivity": decodeGetActivityBody,
  "measure.getintradayactivity": decodeGetIntradayBody,
  "measure.getworkouts": decodeGetWorkoutsBody,
  "heart.list": decodeHeartListBody,
  "heart.get": decodeHeartSignalBody,
  "sleep.get": decodeGetSleepBody,
  "sleep.getsummary": decodeGetSleepSummaryBody,
  "user.getdevice": decodeGetDevicesBody,
  "user.getgoals": decodeGetGoalsBody,
  "notify.subscribe": decodeEmptyBody,
  "notify.get": decodeSubscription,
  "notify.list": decodeNotifyListBody,
  "notify.revoke": decodeEmptyBody,
  "notify.update": decodeEmptyBody,
});
