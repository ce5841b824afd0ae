// @withings-kit/client/internal: the client's machinery that the kit's own packages
// (sandbox, sync, server, CLI) build on: the endpoint table, paging walkers, 24 h windows,
// zone rules, value scaling, redaction. Not for applications: it may change in any
// release, minor or patch. This file only re-exports.

export { createState } from "./auth/authorize-url.js";
export type { CloudUrls } from "./cloud.js";
export { cloudUrls } from "./cloud.js";
export type {
  AuthKind,
  DataField,
  DataFieldsEndpointKey,
  EndpointSpec,
  PaginationSpec,
  ParamFormat,
  ParamSpec,
} from "./endpoints.js";
export { endpoints, findEndpoint } from "./endpoints.js";
export { redact } from "./errors/redact.js";
export { utcOffsetMinutes } from "./normalise/local-time.js";
export { scaleValue } from "./normalise/scale-value.js";
export { sleepSegmentKey } from "./paging/sleep-segment-key.js";
export type { WalkListOptions, WalkPage, WalkResult } from "./paging/walk-list.js";
export { walkList } from "./paging/walk-list.js";
export type { Window } from "./paging/windows.js";
export { splitWindows } from "./paging/windows.js";
