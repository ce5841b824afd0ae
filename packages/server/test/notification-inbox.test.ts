import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_KINDS, serviceDatabases } from "./helpers/service-databases.js";

const databases = serviceDatabases();
afterEach(() => databases.close());

describe.each(DATABASE_KINDS)("the notification inbox on %s", (kind) => {
  it("stores and acts on a notification whose fields hold NUL characters", async () => {
    const { database, query } = await databases.open(kind);
    const inbox = database.inbox(async (userId) => userId === "42");
    // A NUL in a known user's device id, and one raw in the body: the notification is
    // queued and kept, the NUL stored as U+FFFD.
    expect(await inbox.receive("userid=42&appli=4&deviceid=ab%00cd", 100)).toBe("queued");
    expect(await inbox.receive("userid=42&appli=1&action=x\u0000y", 101)).toBe("queued");
    // A NUL in the user id: not a user id.
    expect(await inbox.receive("userid=4%002&appli=4", 102)).toBe("malformed");
    const rows = await query(
      "SELECT user_id, deviceid, action, outcome, body FROM service_notifications ORDER BY received_at",
    );
    expect(rows).toEqual([
      {
        user_id: "42",
        deviceid: "ab\uFFFDcd",
        action: null,
        outcome: "queued",
        body: "userid=42&appli=4&deviceid=ab%00cd",
      },
      {
        user_id: "42",
        deviceid: null,
        action: "x\uFFFDy",
        outcome: "queued",
        body: "userid=42&appli=1&action=x\uFFFDy",
      },
      {
        user_id: null,
        deviceid: null,
        action: null,
        outcome: "malformed",
        body: "userid=4%002&appli=4",
      },
    ]);
    expect(await database.queue.jobs(103)).toEqual([
      { userId: "42", dueAt: 100, attempts: 0, running: false },
    ]);
  });
});
