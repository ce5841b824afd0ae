export { activityId } from "./activity-id.js";
export type { AnswerNotes } from "./answer-notes.js";
export type {
  AddChange,
  DataChange,
  DataChangeDataset,
  DeleteChange,
  EditChange,
  KeyedDataset,
} from "./data-change.js";
export type { DataEndpointKey } from "./data-endpoint-key.js";
export { DATA_ENDPOINT_KEYS } from "./data-endpoint-key.js";
export type { GenerateUserOptions } from "./generate-user.js";
export { generateUser } from "./generate-user.js";
export type { JsonObject, JsonValue } from "./json-value.js";
export type { NotificationHint } from "./notification-hint.js";
export { parseDataChange } from "./parse-data-change.js";
export type { Profile } from "./profile.js";
export { PROFILES } from "./profile.js";
export type { ReplayFile, ReplayUserOptions } from "./replay-user.js";
export { replayUser } from "./replay-user.js";
export { SandboxParamError } from "./sandbox-param-error.js";
export type { SandboxSnapshot } from "./sandbox-snapshot.js";
export type { SandboxUserData } from "./sandbox-user-data.js";
export type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasure,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";
