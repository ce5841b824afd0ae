import { WithingsArgumentError } from "@withings-kit/client";
import type { DataEndpointKey, Profile, SandboxUserData } from "../data/index.js";
import { generateUser, replayUser } from "../data/index.js";
import { hashSeed } from "../data/random/hash-seed.js";
import type { ResolvedCloudBehaviour } from "../types/cloud-behaviour.js";

/**
 * A sandbox user: its data and how it was made.
 *
 * @example
 * ```ts
 * const user: SandboxUserRecord | undefined = users.get("30000001");
 * ```
 */
export interface SandboxUserRecord {
  readonly userid: string;
  /** The data profile, or `replay` for recorded files. */
  readonly source: Profile | "replay";
  /** Years of history generated (0 for replays). */
  readonly years: number;
  /** The user made for `getdemoaccess` and `mode=demo`. */
  readonly demo: boolean;
  readonly data: SandboxUserData;
  /** Sandbox time of creation, in Unix seconds. */
  readonly createdAt: number;
}

// Eight digits, like real Withings user ids.
const FIRST_USERID = 30_000_001;

/**
 * The sandbox's users. User ids and data seeds follow the order of creation, so the same
 * sandbox seed and the same calls give the same users. Every user's data answers with the
 * directory's cloud behaviour.
 *
 * @example
 * ```ts
 * const users = new UserDirectory(42, defaultCloudBehaviour(42));
 * const u = users.create({ profile: "scale-only", years: 1 }, nowSeconds);
 * users.get(u.userid) === u; // true
 * ```
 */
export class UserDirectory {
  readonly #seed: number;
  readonly #users = new Map<string, SandboxUserRecord>();
  #next = 0;
  #demo: SandboxUserRecord | undefined;
  #cloud: ResolvedCloudBehaviour;

  constructor(seed: number, cloud: ResolvedCloudBehaviour) {
    this.#seed = seed;
    this.#cloud = cloud;
  }

  /** Answers every user's data, and every later user's, with this behaviour. */
  useCloud(cloud: ResolvedCloudBehaviour): void {
    this.#cloud = cloud;
    for (const user of this.#users.values()) user.data.useCloud(cloud);
  }

  /** Generates a user with a data profile. */
  create(
    o: { readonly profile: Profile; readonly years: number; readonly timezone?: string },
    now: number,
    demo = false,
  ): SandboxUserRecord {
    const index = this.#next++;
    const userid = String(FIRST_USERID + index);
    const data = generateUser({
      profile: o.profile,
      years: o.years,
      seed: hashSeed(this.#seed, index),
      userId: userid,
      now,
      ...(o.timezone === undefined ? {} : { timezone: o.timezone }),
    });
    return this.#add({ userid, source: o.profile, years: o.years, demo, data, createdAt: now });
  }

  /**
   * Makes a user whose data are recorded response files.
   *
   * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE` when `userid` is taken.
   */
  replay(
    o: {
      readonly files: readonly { readonly key: DataEndpointKey; readonly text: string }[];
      readonly userid?: string;
    },
    now: number,
  ): SandboxUserRecord {
    const index = this.#next++;
    const userid = o.userid ?? String(FIRST_USERID + index);
    if (this.#users.has(userid)) {
      throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `userid ${userid} already exists`);
    }
    const data = replayUser({ userId: userid, files: o.files, now });
    return this.#add({ userid, source: "replay", years: 0, demo: false, data, createdAt: now });
  }

  /** The demo user, made on first use (a year of the vitals-study profile). */
  demo(now: number): SandboxUserRecord {
    this.#demo ??= this.create({ profile: "vitals-study", years: 1 }, now, true);
    return this.#demo;
  }

  get(userid: string): SandboxUserRecord | undefined {
    return this.#users.get(userid);
  }

  /** Every user, oldest first. */
  list(): SandboxUserRecord[] {
    return [...this.#users.values()];
  }

  /** The most recently created user that is not the demo user. */
  newest(): SandboxUserRecord | undefined {
    let newest: SandboxUserRecord | undefined;
    for (const user of this.#users.values()) if (!user.demo) newest = user;
    return newest;
  }

  #add(record: SandboxUserRecord): SandboxUserRecord {
    record.data.useCloud(this.#cloud);
    const frozen = Object.freeze(record);
    this.#users.set(record.userid, frozen);
    return frozen;
  }
}
