// @withings-kit/sync/internal: what the kit's sibling packages (server, CLI) need of the
// engine and the stores beyond their public API: the lease holders' names, the datasets a
// detail dataset is fetched from, the SQLite store's handle. Not for applications: it may
// change in any release, minor or patch. This file only re-exports.

export { isHolderDeadHere, newHolder } from "./engine/process-holder.js";
export { DATASET_PARENTS, withParents } from "./engine/with-parents.js";
export type { SqliteHandle } from "./store/sqlite/sqlite-handle.js";
export { sqliteHandle } from "./store/sqlite/sqlite-handle.js";
