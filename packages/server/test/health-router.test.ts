import { afterEach, describe, expect, it } from "vitest";
import { healthRouter } from "../src/index.js";
import { serviceDatabases } from "./helpers/service-databases.js";

const databases = serviceDatabases();
afterEach(() => databases.close());
const queue = async () => (await databases.open("SQLite")).database.queue;

describe("healthRouter", () => {
  it("is not ready while the public callback does not answer, asking at most once a minute", async () => {
    let now = 1_000;
    let answers = false;
    let asked = 0;
    const app = healthRouter({
      queue: await queue(),
      now: () => now,
      ping: async () => {},
      callback: async () => {
        asked++;
        return answers;
      },
    });
    const ready = async () => {
      const res = await app.request("/readyz");
      return { status: res.status, body: (await res.json()) as { checks: object } };
    };
    expect(await ready()).toEqual({
      status: 503,
      body: {
        status: "unavailable",
        checks: {
          database: "ok",
          queue: "ok",
          callback: "the public callback URL does not answer HEAD",
        },
      },
    });
    answers = true;
    now += 59;
    expect((await ready()).status).toBe(503);
    now += 1;
    expect(await ready()).toMatchObject({ status: 200, body: { checks: { callback: "ok" } } });
    expect(asked).toBe(2);
    // Liveness never depends on it.
    answers = false;
    now += 60;
    expect((await app.request("/healthz")).status).toBe(200);
    expect((await ready()).status).toBe(503);
  });

  it("is not ready when the database does not answer or a due job waits too long", async () => {
    let now = 0;
    const q = await queue();
    let down = false;
    const app = healthRouter({
      queue: q,
      now: () => now,
      ping: async () => {
        if (down) throw new Error("disk I/O error");
      },
    });
    await q.enqueue({ userId: "1", datasets: "all", priority: "catch-up", now: 0 });
    now = 901;
    const stalled = await app.request("/readyz");
    expect(stalled.status).toBe(503);
    expect(await stalled.json()).toMatchObject({
      checks: { queue: "stalled: a job has waited 901 s" },
    });
    down = true;
    expect(await (await app.request("/readyz")).json()).toMatchObject({
      checks: { database: "unreachable" },
    });
  });
});
