import type { Scope } from "@withings-kit/client";
import type { DataChange, DataEndpointKey, NotificationHint, Profile } from "../data/index.js";

/**
 * What to create with `createUser` / `POST /_sandbox/users`.
 *
 * @example
 * ```ts
 * const o: CreateUserOptions = { profile: "vitals-study", years: 10, timezone: "Europe/Paris" };
 * ```
 */
export interface CreateUserOptions {
  /** @default "vitals-study" */
  readonly profile?: Profile;
  /** Years of history. @default 1 */
  readonly years?: number;
  /** IANA zone of the user. @default the data layer's */
  readonly timezone?: string;
  /** The app the tokens are for. @default "withings-kit-sandbox" */
  readonly clientId?: string;
  /** Scopes granted. @default every scope */
  readonly scope?: readonly Scope[];
}

/**
 * A user as `users()` / `GET /_sandbox/users` lists it.
 *
 * @example
 * ```ts
 * const [first]: SandboxUserInfo[] = sandbox.users();
 * ```
 */
export interface SandboxUserInfo {
  readonly userid: string;
  /** The data profile, or `replay`. */
  readonly source: Profile | "replay";
  readonly years: number;
  readonly demo: boolean;
  readonly timezone: string;
  /** Sandbox time of creation, Unix seconds. */
  readonly createdAt: number;
  /** Records per kind visible at the sandbox's now, as the data layer counts them. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * One data edit for `editData` / `POST /_sandbox/data`: a change to one user's records, applied at
 * the sandbox's now.
 *
 * @example
 * ```ts
 * await sandbox.editData({ userid, change });
 * ```
 */
export interface DataEditRequest {
  readonly userid: string;
  readonly change: DataChange;
}

/**
 * What a data edit did: the notifications it implied, and how their delivery went.
 *
 * @example
 * ```ts
 * const { notifications } = await sandbox.editData({ userid, change });
 * notifications.sent; // webhook POSTs delivered
 * ```
 */
export interface DataEditResult {
  readonly hints: readonly NotificationHint[];
  /** Notifications delivered, and failed (then retried later), in their first cycle of tries. */
  readonly notifications: { readonly sent: number; readonly failed: number };
}

/**
 * What unlinking a user did (`unlinkUser`, `POST /_sandbox/unlink`).
 *
 * @example
 * ```ts
 * const { tokens, subscriptions }: UnlinkResult = await sandbox.unlinkUser("30000001");
 * ```
 */
export interface UnlinkResult {
  /** Access and refresh tokens that died. */
  readonly tokens: number;
  /** Subscriptions dropped. */
  readonly subscriptions: number;
  /** The `appli=46&action=unlink` notifications, in their first cycle of tries. */
  readonly notifications: { readonly sent: number; readonly failed: number };
}

/**
 * Recorded response files to serve back as a new user's data (`loadReplay`, `POST /_sandbox/replay`).
 *
 * @example
 * ```ts
 * sandbox.loadReplay({ files: [{ key: "measure.getmeas", text: await readFile("getmeas.json", "utf8") }] });
 * ```
 */
export interface ReplayOptions {
  readonly files: readonly { readonly key: DataEndpointKey; readonly text: string }[];
  /** @default the next generated id */
  readonly userid?: string;
  /** The app the tokens are for. @default "withings-kit-sandbox" */
  readonly clientId?: string;
}
