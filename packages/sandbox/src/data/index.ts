// The data layer, usable without the HTTP layer. This file only re-exports. Folders:
// records/ (the store: tables, lazy generation, detail sources), answers/ (one answer per
// data action, keyed in DATA_ANSWERS), queries/ (parameters, filters, paging), detail-lag/
// (what detail a read sees yet), changes/ (data edits), notifications/ (hints), user/ (the
// SandboxUserData that puts them together), synthetic/ and replay/ (the two kinds of user),
// random/ (seeded randomness). The store never imports answers, changes or notifications.

export type { DataEndpointKey } from "./answers/data-endpoint-key.js";
export { DATA_ENDPOINT_KEYS } from "./answers/data-endpoint-key.js";
export type {
  AddChange,
  DataChange,
  DataChangeDataset,
  DeleteChange,
  EditChange,
  KeyedDataset,
} from "./changes/data-change.js";
export type { JsonObject, JsonValue } from "./changes/json-value.js";
export { parseDataChange } from "./changes/parse-data-change.js";
export type { AnswerNotes } from "./detail-lag/answer-notes.js";
export type { NotificationHint } from "./notifications/notification-hint.js";
export { activityId } from "./records/activity-id.js";
export type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasure,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./records/stored-records.js";
export type { ReplayFile, ReplayUserOptions } from "./replay/replay-user.js";
export { replayUser } from "./replay/replay-user.js";
export { SandboxParamError } from "./sandbox-param-error.js";
export type { GenerateUserOptions } from "./synthetic/generate-user.js";
export { generateUser } from "./synthetic/generate-user.js";
export type { Profile } from "./synthetic/profile.js";
export { PROFILES } from "./synthetic/profile.js";
export type { SandboxSnapshot } from "./user/sandbox-snapshot.js";
export type { SandboxUserData } from "./user/sandbox-user-data.js";
