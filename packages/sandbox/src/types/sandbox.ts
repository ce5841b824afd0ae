import type { SimulatedClock } from "../clock/simulated-clock.js";
import type { SandboxUserData } from "../data/index.js";
import type { CloudBehaviour, ResolvedCloudBehaviour } from "./cloud-behaviour.js";
import type { FaultConfig, ResolvedFaultConfig } from "./fault-config.js";
import type {
  CreateUserOptions,
  DataEditRequest,
  DataEditResult,
  ReplayOptions,
  SandboxUserInfo,
  UnlinkResult,
} from "./sandbox-control.js";
import type { SandboxStats } from "./sandbox-stats.js";
import type { SandboxTokenAnswer } from "./sandbox-token-answer.js";

/**
 * A local Withings cloud: a `fetch` handler serving the API, the consent page and the control API
 * under `/_sandbox/`, plus the same controls as functions.
 *
 * @example
 * ```ts
 * const sandbox = createSandbox({ seed: 42, clock: "virtual" });
 * const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
 * const res = await sandbox.fetch(new Request("https://wbsapi.withings.net/measure", {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${access_token}` },
 *   body: new URLSearchParams({ action: "getmeas" }),
 * }));
 * ```
 */
export interface Sandbox {
  /**
   * Answers one request in-process; any origin works, only the path and query matter. Also
   * accepts `fetch`-style `(input, init)` arguments, so it can stand in for the global `fetch`.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** The sandbox's clock; pass it to the client so both sides share simulated time. */
  readonly clock: SimulatedClock;
  /** The credentials of the default app (public; they only guard local test data). */
  readonly defaultApp: { readonly clientId: string; readonly clientSecret: string };
  /** Counters since start or the last reset. */
  stats(): SandboxStats;
  /** Replaces the fault configuration (`{}` turns faults off). */
  setFaults(config: FaultConfig): void;
  /** The active fault configuration, with defaults filled in. */
  faults(): ResolvedFaultConfig;
  /**
   * Changes how the cloud behaves, for every user, from the next request on: each field given
   * replaces the current one (maps such as `pageSizes` merge key by key), fields left out stay.
   * A bad field throws a `SandboxControlError` naming it.
   */
  setCloud(change: CloudBehaviour): void;
  /** The cloud's behaviour now, with defaults filled in. */
  cloud(): ResolvedCloudBehaviour;
  /** Creates a user with a data profile and answers a fresh token pair for it. */
  createUser(options?: CreateUserOptions): SandboxTokenAnswer;
  /** Every user. */
  users(): SandboxUserInfo[];
  /**
   * The data layer of one user: `snapshot(now)` of every visible record and `answer()` for
   * any data action, without HTTP — what a test compares a synced database with. Change data
   * through {@link Sandbox.editData}, which also notifies subscribers.
   */
  userData(userid: string): SandboxUserData;
  /** Adds, edits or deletes one record at the sandbox's now, then notifies subscribers. */
  editData(edit: DataEditRequest): Promise<DataEditResult>;
  /**
   * The user unlinks the app from their Withings account: the app's tokens for them die, its
   * subscriptions to appli 46 get `appli=46&action=unlink`, then all its subscriptions for
   * them go. Notifications already being retried still come (a notification about a user
   * who is no longer linked). `clientId` defaults to the default app.
   */
  unlinkUser(userid: string, clientId?: string): Promise<UnlinkResult>;
  /**
   * Resolves once no notification is being sent, including the retries a move of the clock
   * has just made due: await it after advancing a virtual clock.
   */
  notificationsIdle(): Promise<void>;
  /** Creates a user from recorded response files and answers a fresh token pair for it. */
  loadReplay(options: ReplayOptions): SandboxTokenAnswer;
  /** Approves the consent page automatically: `true` for the newest user, or a `userid`. */
  setAutoApprove(value: boolean | string): void;
  /**
   * Forgets users, tokens, codes, nonces, subscriptions, limits and counters, and puts the faults
   * and the cloud's behaviour back to the `faults` and `cloud` options. The clock keeps its time, so a client sharing it is not thrown
   * back.
   */
  reset(): void;
  /**
   * Ends hanging responses and, when the sandbox made its clock, pending sleeps; the sandbox
   * should not be used after.
   */
  close(): void;
}
