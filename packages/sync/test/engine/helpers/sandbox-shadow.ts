// The sandbox does not expose its users' data layer (`snapshot(now)`, `answer()`), which the
// end-to-end tests compare the database with. Until it does, a test rebuilds the same user
// from the same inputs: synthetic users are a pure function of (seed, user id, day), and the
// sandbox seeds its n-th user with `hashSeed(seed, n)` (its `UserDirectory`). This reaches
// into the sandbox's internals, so it checks itself: the copy must count what the sandbox
// counts. Edits are applied to both.
import type { Sandbox } from "@withings-kit/sandbox";
import { hashSeed } from "../../../../sandbox/src/data/hash-seed.js";
import type { DataChange, Profile, SandboxUserData } from "../../../../sandbox/src/data/index.js";
import { generateUser } from "../../../../sandbox/src/data/index.js";

/** A test's own copy of one sandbox user's data. */
export interface Shadow {
  readonly userId: string;
  readonly data: SandboxUserData;
  /** Applies a data edit to the sandbox and to the copy, at the sandbox's now. */
  edit(change: DataChange): Promise<void>;
}

/**
 * Rebuilds the `index`-th user created in `sandbox` (made with `seed`), and checks that the
 * copy counts what the sandbox counts.
 */
export function shadowUser(
  sandbox: Sandbox,
  seed: number,
  index: number,
  options: { profile: Profile; years: number },
): Shadow {
  const info = sandbox.users()[index];
  if (info === undefined) throw new Error(`no sandbox user #${index}`);
  const data = generateUser({
    profile: options.profile,
    years: options.years,
    seed: hashSeed(seed, index),
    userId: info.userid,
    now: info.createdAt,
    timezone: info.timezone,
  });
  const mine = JSON.stringify(data.counts(sandbox.clock.nowSeconds()));
  const theirs = JSON.stringify(sandbox.users()[index]?.counts);
  if (mine !== theirs) throw new Error(`shadow of ${info.userid} diverged: ${mine} vs ${theirs}`);
  return {
    userId: info.userid,
    data,
    async edit(change) {
      await sandbox.editData({ userid: info.userid, change });
      data.apply(change, sandbox.clock.nowSeconds());
    },
  };
}
