import type { RunningService } from "../../src/index.js";

/** Waits, in real time, until the running service's queue has stayed empty three looks in a row. */
export async function queueIdle(service: RunningService): Promise<void> {
  for (let quiet = 0, tries = 0; quiet < 3; tries++) {
    if (tries > 600) throw new Error("the queue never emptied");
    await new Promise((r) => setTimeout(r, 100));
    const s = await service.service.queue.stats(Date.now() / 1000);
    quiet = s.due + s.running + s.waiting === 0 ? quiet + 1 : 0;
  }
}
