// The public API of @withings-kit/client: what an application calls, and every type its
// signatures name. What the kit's own packages need beyond it is in `internal.ts`
// (`@withings-kit/client/internal`), and what tests need in `testing.ts`
// (`@withings-kit/client/testing`). This file only re-exports.

export { DEFAULT_SCOPES } from "./auth/authorize-url.js";
export type { TokenSet } from "./auth/token-set.js";
export type { TokenStore } from "./auth/token-store.js";
export { MemoryTokenStore } from "./auth/token-store.js";
export type { CallOptions } from "./call-options.js";
export type { AfibClassificationInfo } from "./catalogue/afib-classifications.js";
export { afibClassifications } from "./catalogue/afib-classifications.js";
export type { AppliInfo } from "./catalogue/applis.js";
export { applis } from "./catalogue/applis.js";
export type { AttributionInfo } from "./catalogue/attributions.js";
export { attributions, isAmbiguousAttrib } from "./catalogue/attributions.js";
export type { CategoryInfo } from "./catalogue/categories.js";
export { categories } from "./catalogue/categories.js";
export type { DeviceModelInfo } from "./catalogue/device-models.js";
export { deviceModels } from "./catalogue/device-models.js";
export type { ImperialConversion } from "./catalogue/imperial-conversions.js";
export { imperialConversions } from "./catalogue/imperial-conversions.js";
export type { MeasureTypeInfo, MeasureTypeSource } from "./catalogue/measure-types.js";
export { measureType, measureTypes } from "./catalogue/measure-types.js";
export type { PositionInfo } from "./catalogue/positions.js";
export { positions } from "./catalogue/positions.js";
export type { SleepDeviceClassInfo } from "./catalogue/sleep-device-classes.js";
export { sleepDeviceClasses } from "./catalogue/sleep-device-classes.js";
export type { SleepStateInfo } from "./catalogue/sleep-states.js";
export { sleepStates } from "./catalogue/sleep-states.js";
export type { WorkoutCategoryInfo } from "./catalogue/workout-categories.js";
export { workoutCategories } from "./catalogue/workout-categories.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { Cloud } from "./cloud.js";
export type {
  DateInput,
  EndpointKey,
  EndpointParams,
  PaginatedEndpointKey,
  Scope,
  UserEndpointKey,
  WindowedEndpointKey,
} from "./endpoints.js";
export { ALL_SCOPES } from "./endpoints.js";
export type { StatusFamily } from "./errors/status-codes.js";
export {
  WithingsHttpError,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "./errors/transport-errors.js";
export type { ApiErrorDetails } from "./errors/withings-api-error.js";
export {
  WithingsApiError,
  WithingsAuthError,
  WithingsInvalidParamsError,
  WithingsNotFoundError,
  WithingsRateLimitError,
  WithingsServerError,
} from "./errors/withings-api-error.js";
export type { ArgumentErrorCode } from "./errors/withings-argument-error.js";
export { WithingsArgumentError } from "./errors/withings-argument-error.js";
export type { ErrorContext } from "./errors/withings-error.js";
export { isWithingsError, WithingsError } from "./errors/withings-error.js";
export type { PagingProblem } from "./errors/withings-paging-error.js";
export { WithingsPagingError } from "./errors/withings-paging-error.js";
export type { ResponseProblem } from "./errors/withings-response-error.js";
export { WithingsResponseError } from "./errors/withings-response-error.js";
export { WithingsStateError } from "./errors/withings-state-error.js";
export type { ClientEvent } from "./http/client-event.js";
// `WithingsClient.cloudClock` names it, so it stays on the public entry.
export { CloudClock } from "./http/cloud-clock.js";
export type { FetchLike } from "./http/fetch-like.js";
export type { RateLimiter } from "./limits/rate-limiter.js";
export type { RetryPolicy, RetryPolicyOptions, RetryState } from "./limits/retry-policy.js";
export { retryPolicy } from "./limits/retry-policy.js";
export type { TokenBucketOptions } from "./limits/token-bucket.js";
export { TokenBucket } from "./limits/token-bucket.js";
export type { Cell } from "./normalise/cell.js";
export type { BodyOf, Dataset } from "./normalise/datasets.js";
export { DATASETS, datasetEndpoints } from "./normalise/datasets.js";
export { toImperial } from "./normalise/imperial.js";
export type { ActivityRow } from "./normalise/rows/activity-rows.js";
export type { DeviceRow } from "./normalise/rows/device-rows.js";
export type { EcgRow } from "./normalise/rows/ecg-rows.js";
export type { EcgSignalRow } from "./normalise/rows/ecg-signal-rows.js";
export type { GoalRow } from "./normalise/rows/goal-rows.js";
export type { IntradayRow } from "./normalise/rows/intraday-rows.js";
export type { MeasureRow } from "./normalise/rows/measure-rows.js";
export type { SleepRow } from "./normalise/rows/sleep-rows.js";
export type { SleepSummaryRow } from "./normalise/rows/sleep-summary-rows.js";
export type { SubscriptionRow } from "./normalise/rows/subscription-rows.js";
export type { WorkoutRow } from "./normalise/rows/workout-rows.js";
export type { DatasetRows, RowOf } from "./normalise/to-rows.js";
export { toRows } from "./normalise/to-rows.js";
export type { ToRowsOptions } from "./normalise/to-rows-options.js";
export type { PageEnd } from "./paging/paginate.js";
export type {
  Activity,
  GetActivityBody,
  GetIntradayBody,
  GetWorkoutsBody,
  IntradaySample,
  Workout,
} from "./types/activity.js";
export type { EndpointResults } from "./types/endpoint-results.js";
export type { HeartListBody, HeartRecording, HeartSignalBody } from "./types/heart.js";
export type { ItemOf } from "./types/item-of.js";
export type { GetMeasBody, Measure, MeasureGroup } from "./types/measure.js";
export type { EmptyBody, NotifyListBody, Subscription } from "./types/notify.js";
export type { NonceBody, TokenResponseBody } from "./types/oauth.js";
export type {
  GetSleepBody,
  GetSleepSummaryBody,
  KeyedSeries,
  SleepSegment,
  SleepSummary,
  SleepSummaryData,
} from "./types/sleep.js";
export type { Device, GetDevicesBody, GetGoalsBody, Goals } from "./types/user.js";
export { createWithingsClient, WithingsClient } from "./withings-client.js";
export type { WithingsClientOptions } from "./withings-client-options.js";
export type { PageOptions } from "./withings-user-client.js";
export { WithingsUserClient } from "./withings-user-client.js";
