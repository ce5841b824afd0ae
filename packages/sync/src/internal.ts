// @withings-kit/sync/internal: what the kit's sibling packages (server, CLI) need of the
// stores beyond their public API. Not for applications: it may change in any release,
// minor or patch. This file only re-exports.

export type { SqliteHandle } from "./store/sqlite/sqlite-handle.js";
export { sqliteHandle } from "./store/sqlite/sqlite-handle.js";
