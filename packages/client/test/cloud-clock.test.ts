import { describe, expect, it } from "vitest";
import { CloudClock } from "../src/index.js";
import { TestClock } from "./helpers/test-clock.js";

describe("CloudClock", () => {
  it("knows nothing until an answer tells it, then gives the cloud's now", () => {
    const local = new TestClock();
    const cloud = new CloudClock(local);
    expect(cloud.offsetMs()).toBeUndefined();
    expect(cloud.now()).toBe(local.now());

    // The cloud is three days ahead of this machine; the exchange took 400 ms.
    const sentAt = local.now();
    const serverMs = Math.floor((sentAt + 200 + 3 * 86_400_000) / 1000) * 1000;
    cloud.observe(new Date(serverMs).toUTCString(), sentAt, sentAt + 400);
    const offset = cloud.offsetMs() ?? Number.NaN;
    expect(Math.abs(offset - 3 * 86_400_000)).toBeLessThanOrEqual(1000);
    expect(Math.abs(cloud.now() - (local.now() + 3 * 86_400_000))).toBeLessThanOrEqual(1000);
  });

  it("ignores answers without a usable Date header", () => {
    const local = new TestClock();
    const cloud = new CloudClock(local);
    cloud.observe(null, local.now(), local.now());
    cloud.observe("not a date", local.now(), local.now());
    expect(cloud.offsetMs()).toBeUndefined();
  });
});
