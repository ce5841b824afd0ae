// The public API of @withings-kit/sandbox. This file only re-exports.

export { SimulatedClock } from "./clock/simulated-clock.js";
export type { ListActionKey } from "./cloud/list-action-key.js";
export { LIST_ACTION_KEYS } from "./cloud/list-action-key.js";
export type { SandboxControlErrorCode } from "./control/sandbox-control-error.js";
export { SandboxControlError } from "./control/sandbox-control-error.js";
export { createSandbox } from "./create-sandbox.js";
export type {
  AddChange,
  AnswerNotes,
  DataChange,
  DataChangeDataset,
  DataEndpointKey,
  DeleteChange,
  EditChange,
  GenerateUserOptions,
  JsonObject,
  JsonValue,
  KeyedDataset,
  NotificationHint,
  Profile,
  ReplayFile,
  ReplayUserOptions,
  SandboxSnapshot,
  SandboxUserData,
  StoredMeasure,
  StoredMeasureGroup,
} from "./data/index.js";
// The data layer: synthetic and replayed users, usable without the HTTP layer.
export {
  activityId,
  DATA_ENDPOINT_KEYS,
  generateUser,
  PROFILES,
  parseDataChange,
  replayUser,
  SandboxParamError,
} from "./data/index.js";
export { FAULT_KINDS } from "./faults/fault-injector.js";
export { DEFAULT_APP } from "./oauth/default-app.js";
export type { ClockMode } from "./types/clock-mode.js";
export type {
  CloudBehaviour,
  GetmeasCategory,
  OffsetStyle,
  ResolvedCloudBehaviour,
  SkewedService,
  SortOrder,
} from "./types/cloud-behaviour.js";
export type { FaultConfig, FaultKind, ResolvedFaultConfig } from "./types/fault-config.js";
export type { NotificationBehaviour } from "./types/notification-behaviour.js";
export type { Sandbox } from "./types/sandbox.js";
export type { SandboxAppOptions } from "./types/sandbox-app-options.js";
export type {
  CreateUserOptions,
  DataEditRequest,
  DataEditResult,
  ReplayOptions,
  SandboxUserInfo,
  UnlinkResult,
} from "./types/sandbox-control.js";
export type { RateLimitOptions, SandboxOptions } from "./types/sandbox-options.js";
export type { SandboxStats } from "./types/sandbox-stats.js";
export type { SandboxTokenAnswer } from "./types/sandbox-token-answer.js";
