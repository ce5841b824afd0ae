import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_KINDS, serviceDatabases } from "./helpers/service-databases.js";

const databases = serviceDatabases();
afterEach(() => databases.close());

const lease = { leaseSeconds: 60 };

describe.each(DATABASE_KINDS)("the job queue on %s", (kind) => {
  const queue = async () => (await databases.open(kind)).database.queue;

  it("merges one user's jobs: datasets united, the earlier due time, the higher priority", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: "all", priority: "catch-up", now: 100 });
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 90 });
    await q.enqueue({ userId: "2", datasets: ["sleep"], priority: "notification", now: 95 });
    await q.enqueue({ userId: "2", datasets: ["measures"], priority: "notification", now: 99 });
    expect(await q.stats(200)).toEqual({ due: 2, waiting: 0, running: 0, oldestDueAt: 90 });
    const first = await q.claim({ now: 200, holder: "a", ...lease });
    expect(first).toMatchObject({ userId: "1", datasets: "all", priority: "notification" });
    const second = await q.claim({ now: 200, holder: "a", ...lease });
    expect(second).toMatchObject({ userId: "2", datasets: ["measures", "sleep"] });
    expect(await q.claim({ now: 200, holder: "b", ...lease })).toBeUndefined();
  });

  it("gives notifications before the catch-up, whenever they came", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: "all", priority: "catch-up", now: 10 });
    await q.enqueue({ userId: "2", datasets: ["measures"], priority: "notification", now: 50 });
    expect((await q.claim({ now: 60, holder: "a", ...lease }))?.userId).toBe("2");
    expect((await q.claim({ now: 60, holder: "a", ...lease }))?.userId).toBe("1");
  });

  it("holds a job for one holder until its lease ends, then lets another take it", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    const held = await q.claim({ now: 1, holder: "a", ...lease });
    expect(held?.holder).toBe("a");
    expect(await q.claim({ now: 30, holder: "b", ...lease })).toBeUndefined();
    expect(await q.renew(held!, 30, 60)).toBe(true);
    expect(await q.claim({ now: 80, holder: "b", ...lease })).toBeUndefined();
    const taken = await q.claim({ now: 91, holder: "b", ...lease });
    expect(taken?.holder).toBe("b");
    // The first holder lost it: its renewal and completion do nothing.
    expect(await q.renew(held!, 92, 60)).toBe(false);
    await q.complete(held!);
    expect((await q.stats(92)).running).toBe(1);
  });

  it("takes over at once the job of a holder that died on this machine", async () => {
    const q = await queue();
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    const alive = `${hostname()}:${process.pid}:y`;
    expect((await q.claim({ now: 1, holder: alive, ...lease }))?.userId).toBe("1");
    await q.enqueue({ userId: "2", datasets: ["measures"], priority: "notification", now: 0 });
    const dead = `${hostname()}:${gone}:x`;
    expect((await q.claim({ now: 1, holder: dead, ...lease }))?.userId).toBe("2");
    // Both leases run a minute; only the dead holder's job is taken.
    const taken = await q.claim({ now: 2, holder: "b", ...lease });
    expect(taken?.userId).toBe("2");
    expect(await q.claim({ now: 2, holder: "b", ...lease })).toBeUndefined();
  });

  it("takes a dead holder's notification job before a free catch-up", async () => {
    const q = await queue();
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    expect((await q.claim({ now: 1, holder: `${hostname()}:${gone}:x`, ...lease }))?.userId).toBe(
      "1",
    );
    await q.enqueue({ userId: "2", datasets: "all", priority: "catch-up", now: 1 });
    expect((await q.claim({ now: 2, holder: "b", ...lease }))?.userId).toBe("1");
    expect((await q.claim({ now: 2, holder: "b", ...lease }))?.userId).toBe("2");
  });

  it("keeps a job that got a notification during its run, and deletes it otherwise", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    const job = await q.claim({ now: 1, holder: "a", ...lease });
    await q.enqueue({ userId: "1", datasets: ["sleep"], priority: "notification", now: 2 });
    await q.complete(job!);
    const again = await q.claim({ now: 3, holder: "a", ...lease });
    expect(again?.datasets).toEqual(["measures", "sleep"]);
    await q.complete(again!);
    expect(await q.stats(4)).toEqual({ due: 0, waiting: 0, running: 0, oldestDueAt: null });
  });

  it("leaves an owed re-read in the completing transaction, alone or merged into a kept job", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    const job = await q.claim({ now: 1, holder: "a", ...lease });
    await q.complete(job!, { from: -500, datasets: ["measures"], dueAt: 600, now: 2 });
    // Not due before the time it was put off to; then a job that re-reads the window.
    expect(await q.claim({ now: 599, holder: "a", ...lease })).toBeUndefined();
    expect(await q.stats(10)).toMatchObject({ due: 0, waiting: 1 });
    const owed = await q.claim({ now: 600, holder: "a", ...lease });
    expect(owed).toMatchObject({
      datasets: ["measures"],
      priority: "notification",
      hint: { from: -500, datasets: ["measures"], notifications: 2 },
    });
    // A notification came in during the run: the owed window joins the kept job, due now.
    await q.enqueue({
      userId: "1",
      datasets: ["sleep"],
      priority: "notification",
      now: 601,
      hintFrom: 590,
    });
    await q.complete(owed!, { from: 100, datasets: ["measures"], dueAt: 1200, now: 602 });
    expect(await q.claim({ now: 603, holder: "a", ...lease })).toMatchObject({
      datasets: ["measures", "sleep"],
      hint: { from: -500, datasets: ["measures", "sleep"], notifications: 3 },
    });
  });

  it("forgets past failures when a run succeeds though a notification keeps the job", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    await q.fail((await q.claim({ now: 1, holder: "a", ...lease }))!, 2, "down");
    const job = await q.claim({ now: 2, holder: "a", ...lease });
    expect(job?.attempts).toBe(1);
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 3 });
    await q.complete(job!);
    expect((await q.claim({ now: 4, holder: "a", ...lease }))?.attempts).toBe(0);
  });

  it("keeps where notifications pointed: the earliest instant, their datasets, their count", async () => {
    const q = await queue();
    await q.enqueue({
      userId: "1",
      datasets: "all",
      priority: "catch-up",
      now: 0,
      reconcileDays: 30,
    });
    await q.enqueue({
      userId: "1",
      datasets: ["measures"],
      priority: "notification",
      now: 1,
      hintFrom: 500,
    });
    await q.enqueue({
      userId: "1",
      datasets: ["sleep"],
      priority: "notification",
      now: 2,
      hintFrom: 300,
    });
    await q.enqueue({ userId: "1", datasets: ["ecg"], priority: "notification", now: 3 });
    expect(await q.claim({ now: 4, holder: "a", ...lease })).toMatchObject({
      datasets: "all",
      reconcileDays: 30,
      hint: { from: 300, datasets: ["measures", "sleep"], notifications: 3 },
    });
  });

  it("gives a failed job back with its attempts counted, due at the retry time", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    const job = await q.claim({ now: 1, holder: "a", ...lease });
    await q.fail(job!, 100, "SYNC_FAILED: down");
    expect(await q.stats(50)).toEqual({ due: 0, waiting: 1, running: 0, oldestDueAt: null });
    expect(await q.claim({ now: 50, holder: "a", ...lease })).toBeUndefined();
    expect(await q.claim({ now: 100, holder: "a", ...lease })).toMatchObject({ attempts: 1 });
  });

  it("drops a user's job, and releases a job untouched", async () => {
    const q = await queue();
    await q.enqueue({ userId: "1", datasets: ["measures"], priority: "notification", now: 0 });
    await q.enqueue({ userId: "2", datasets: ["measures"], priority: "notification", now: 0 });
    await q.drop("1");
    const job = await q.claim({ now: 1, holder: "a", ...lease });
    await q.release(job!);
    expect(await q.claim({ now: 1, holder: "b", ...lease })).toMatchObject({
      userId: "2",
      attempts: 0,
    });
  });
});

describe("the job queue on PostgreSQL, shared by several workers", () => {
  it("gives each due job to one claimer among many claiming at once", async () => {
    const { database } = await databases.open("PostgreSQL");
    const q = database.queue;
    const users = Array.from({ length: 30 }, (_, i) => String(i + 1));
    for (const userId of users) {
      await q.enqueue({ userId, datasets: ["measures"], priority: "notification", now: 0 });
    }
    const claimed = await Promise.all(
      Array.from({ length: 40 }, (_, i) => q.claim({ now: 1, holder: `w${i}`, ...lease })),
    );
    const taken = claimed.flatMap((job) => (job === undefined ? [] : [job.userId]));
    expect(taken.sort()).toEqual([...users].sort());
    expect(await q.stats(1)).toMatchObject({ due: 0, running: 30 });
  });

  it("merges notifications enqueued at once for one user into one job that counts them all", async () => {
    const { database } = await databases.open("PostgreSQL");
    const q = database.queue;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        q.enqueue({
          userId: "7",
          datasets: [i % 2 === 0 ? "measures" : "sleep"],
          priority: "notification",
          now: 10 + i,
          hintFrom: 1000 - i,
        }),
      ),
    );
    const job = await q.claim({ now: 100, holder: "a", ...lease });
    expect(job).toMatchObject({
      userId: "7",
      datasets: ["measures", "sleep"],
      hint: { from: 989, notifications: 12 },
    });
    expect(await q.claim({ now: 100, holder: "b", ...lease })).toBeUndefined();
  });
});
