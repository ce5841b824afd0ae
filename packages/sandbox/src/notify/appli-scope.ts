import { applis, type Scope } from "@withings-kit/client";

/**
 * The scope a token needs to manage subscriptions for `appli` (reference §3.1), from the client's
 * appli catalogue. `undefined` when a public app cannot subscribe to it: unknown codes, appli 53
 * (signed, per application) and the contracted-partner categories.
 *
 * @example
 * ```ts
 * appliScope(44); // "user.activity"
 * appliScope(53); // undefined
 * ```
 */
export function appliScope(appli: number): Scope | undefined {
  const info = applis.get(appli);
  if (info === undefined || info.contracted || info.scope === null) return undefined;
  return info.scope;
}
