import type { CloudAction } from "./cloud-action.js";
import { CLOUD_ACTIONS, type CloudActionKey } from "./cloud-actions.js";

// `service\naction` → key, built once: routing runs on every request.
const ROUTES: ReadonlyMap<string, CloudActionKey> = new Map(
  (Object.keys(CLOUD_ACTIONS) as CloudActionKey[]).map((key) => {
    const spec: CloudAction = CLOUD_ACTIONS[key];
    return [`${spec.service}\n${spec.action}`, key];
  }),
);

/**
 * The action served at a service path for a form `action`, from the sandbox's own table
 * (reference §1.0: the operation is chosen by `action`, and the same action name lives at
 * several paths, so both are needed).
 *
 * @example
 * ```ts
 * findCloudAction("/v2/measure", "getactivity"); // "measure.getactivity"
 * findCloudAction("/measure", "getactivity"); // undefined (getactivity lives under /v2)
 * ```
 */
export function findCloudAction(service: string, action: string): CloudActionKey | undefined {
  return ROUTES.get(`${service}\n${action}`);
}
