import { afterEach, describe, expect, it } from "vitest";
import { CatchUpScheduler } from "../src/index.js";
import { DATABASE_KINDS, serviceDatabases } from "./helpers/service-databases.js";

const databases = serviceDatabases();
const schedulers: CatchUpScheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) s.stop();
  await databases.close();
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe.each(DATABASE_KINDS)("the catch-up shared by several processes on %s", (kind) => {
  it("gives each turn to one process, and a forced one to whoever asks", async () => {
    const { database } = await databases.open(kind);
    expect(await database.claimTurn("catch-up", 100, 3600)).toBe(true);
    expect(await database.claimTurn("catch-up", 200, 3600)).toBe(false);
    expect(await database.claimTurn("other", 200, 3600)).toBe(true);
    expect(await database.claimTurn("catch-up", 3700, 3600)).toBe(true);
    expect(await database.claimTurn("catch-up", 3701, 0)).toBe(true);
    expect(await database.claimTurn("catch-up", 3702, 3600)).toBe(false);
  });

  it("makes one catch-up when a receiver and two workers start together", async () => {
    const { database } = await databases.open(kind);
    let made = 0;
    const scheduler = (startWhenDue: boolean) => {
      const s = new CatchUpScheduler({
        queue: database.queue,
        users: async () => {
          made++;
          return ["1", "2"];
        },
        now: () => 1_000,
        claim: (now, every) => database.claimTurn("catch-up", now, every),
        startWhenDue,
      });
      schedulers.push(s);
      return s;
    };
    scheduler(false).start();
    await until(() => made === 1);
    scheduler(true).start();
    scheduler(true).start();
    await new Promise((r) => setTimeout(r, 200));
    expect(made).toBe(1);
    expect((await database.queue.jobs(1_000)).map((j) => j.userId).sort()).toEqual(["1", "2"]);
  });

  it("lets a worker make the catch-up when no process made one within the interval", async () => {
    const { database } = await databases.open(kind);
    await database.claimTurn("catch-up", 1_000, 0);
    let made = 0;
    const s = new CatchUpScheduler({
      queue: database.queue,
      users: async () => {
        made++;
        return ["1"];
      },
      now: () => 1_000 + 3600,
      claim: (now, every) => database.claimTurn("catch-up", now, every),
      startWhenDue: true,
    });
    schedulers.push(s);
    s.start();
    await until(() => made === 1);
    expect(made).toBe(1);
  });
});
