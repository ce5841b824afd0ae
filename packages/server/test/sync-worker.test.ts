import type { SyncEngine, SyncReport } from "@withings-kit/sync";
import { describe, expect, it } from "vitest";
import { type JobQueue, type SyncJob, SyncWorker } from "../src/index.js";

const job: SyncJob = {
  userId: "1",
  datasets: ["measures"],
  priority: "notification",
  attempts: 0,
  version: 1,
  hint: null,
  reconcileDays: null,
  holder: "h",
};

const ok: SyncReport = {
  users: [
    {
      userId: "1",
      datasets: [],
      added: 0,
      changed: 0,
      deleted: 0,
      requests: 1,
      needsReauthorization: false,
      durationMs: 1,
      warnings: [],
    },
  ],
  totals: { users: 1, failedUsers: 0, added: 0, changed: 0, deleted: 0, requests: 1, errors: 0 },
  ok: true,
  startedAt: 0,
  durationMs: 1,
};

describe("SyncWorker", () => {
  it("goes on when the queue cannot be written, leaving the job to its lease", async () => {
    let claims = 0;
    const queue: JobQueue = {
      enqueue: async () => undefined,
      claim: async () => (claims++ === 0 ? job : undefined),
      renew: async () => true,
      complete: async () => {
        throw new Error("SQLITE_BUSY: database is locked");
      },
      fail: async () => undefined,
      release: async () => undefined,
      drop: async () => undefined,
      stats: async () => ({ due: 0, waiting: 0, running: 0, oldestDueAt: null }),
      jobs: async () => [],
    };
    const engine = { run: async () => ok } as unknown as SyncEngine;
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const worker = new SyncWorker({ queue, engine, now: () => 10, pollMs: 10 });
      worker.start();
      await new Promise((r) => setTimeout(r, 50));
      await worker.stop();
      expect(claims).toBeGreaterThan(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
