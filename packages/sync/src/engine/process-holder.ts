import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/**
 * A name for one holder of a lease (a sync run, a job a worker claimed): this host, this
 * process and a random part, so that another process on the same machine can tell a holder
 * that died (killed, crashed) from one still at work, with {@link isHolderDeadHere}.
 *
 * @example
 * ```ts
 * newHolder(); // "worker-1:4242:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"
 * ```
 */
export function newHolder(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`;
}

/**
 * Whether a holder named by {@link newHolder} was a process of this machine that is gone.
 * A holder of another machine, of this process, or that is alive (or not ours to signal)
 * is never called dead: its lease is waited out instead.
 *
 * @example
 * ```ts
 * if (isHolderDeadHere(lease.holder)) await store.lock(userId, newHolder(), { now, leaseSeconds, steal: lease.holder });
 * ```
 */
export function isHolderDeadHere(holder: string): boolean {
  const [host, pidText] = holder.split(":");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
