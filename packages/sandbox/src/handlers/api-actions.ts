import type { ApiActionTable } from "./api-call.js";
import { dataActions } from "./data-actions.js";
import { notifyActions } from "./notify-actions.js";
import { oauthActions } from "./oauth-actions.js";

/**
 * The handler of every action of the sandbox's table (`CLOUD_ACTIONS`).
 *
 * @example
 * ```ts
 * apiActions["notify.list"]; // answers notify list
 * ```
 */
export const apiActions: ApiActionTable = Object.freeze({
  ...oauthActions,
  ...notifyActions,
  ...dataActions,
});
