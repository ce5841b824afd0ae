import type { EndpointKey } from "../endpoints.js";
import type { GetActivityBody, GetIntradayBody, GetWorkoutsBody } from "./activity.js";
import type { HeartListBody, HeartSignalBody } from "./heart.js";
import type { GetMeasBody } from "./measure.js";
import type { EmptyBody, NotifyListBody, Subscription } from "./notify.js";
import type { NonceBody, TokenResponseBody } from "./oauth.js";
import type { GetSleepBody, GetSleepSummaryBody } from "./sleep.js";
import type { GetDevicesBody, GetGoalsBody } from "./user.js";

/**
 * The decoded body of every action, keyed like `endpoints`.
 *
 * @example
 * ```ts
 * type Meas = EndpointResults["measure.getmeas"]; // GetMeasBody
 * ```
 */
export interface EndpointResults {
  "oauth2.requesttoken": TokenResponseBody;
  "oauth2.revoke": EmptyBody;
  "oauth2.getdemoaccess": TokenResponseBody;
  "signature.getnonce": NonceBody;
  "measure.getmeas": GetMeasBody;
  "measure.getactivity": GetActivityBody;
  "measure.getintradayactivity": GetIntradayBody;
  "measure.getworkouts": GetWorkoutsBody;
  "heart.list": HeartListBody;
  "heart.get": HeartSignalBody;
  "sleep.get": GetSleepBody;
  "sleep.getsummary": GetSleepSummaryBody;
  "user.getdevice": GetDevicesBody;
  "user.getgoals": GetGoalsBody;
  "notify.subscribe": EmptyBody;
  "notify.get": Subscription;
  "notify.list": NotifyListBody;
  "notify.revoke": EmptyBody;
  "notify.update": EmptyBody;
}

// Fails to compile when an action is added to `endpoints` without a result type, or the
// other way round.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const resultKeysMatch: Same<keyof EndpointResults, EndpointKey> = true;
void resultKeysMatch;
