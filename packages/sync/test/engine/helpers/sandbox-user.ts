// One sandbox user's data layer, read straight from the sandbox (`userData`): what the
// end-to-end tests compare the database with.
import type { DataChange, Sandbox, SandboxUserData } from "@withings-kit/sandbox";

/** A sandbox user as the tests see it. */
export interface SandboxUser {
  readonly userId: string;
  readonly data: SandboxUserData;
  /** Edits the user's data at the sandbox's now, as the control API does. */
  edit(change: DataChange): Promise<void>;
}

/** The `index`-th user created in `sandbox`. */
export function sandboxUser(sandbox: Sandbox, index: number): SandboxUser {
  const info = sandbox.users()[index];
  if (info === undefined) throw new Error(`no sandbox user #${index}`);
  return {
    userId: info.userid,
    data: sandbox.userData(info.userid),
    async edit(change) {
      await sandbox.editData({ userid: info.userid, change });
    },
  };
}
