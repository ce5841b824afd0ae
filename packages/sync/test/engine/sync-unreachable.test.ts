import { describe, expect, it } from "vitest";
import { createWorld } from "./helpers/setup.js";

describe("an unreachable API", () => {
  it("stops a user after the first dataset has spent its retries, instead of every dataset", async () => {
    let attempts = 0;
    const world = createWorld({
      client: {
        // Connection refused on every request, after the user's tokens were stored.
        fetch: async () => {
          attempts++;
          throw new TypeError("fetch failed: connect ECONNREFUSED 127.0.0.1");
        },
        retry: { maxAttempts: 2 },
      },
      engine: { retries: 1 },
    });
    try {
      await world.client.saveTokens(world.sandbox.createUser({ profile: "scale-only", years: 1 }));
      const report = await world.engine.run();
      const user = report.users[0]!;
      expect(report.ok).toBe(false);
      expect(user.error?.code).toBe("WITHINGS_NETWORK");
      // One dataset tried: the client's 2 attempts and the 1 more the engine asks for, in
      // one policy; the others skipped.
      expect(attempts).toBe(3);
      expect(user.datasets.filter((d) => d.requests > 0)).toHaveLength(1);
      expect(JSON.stringify(report)).not.toMatch(/access_token|refresh/i);
    } finally {
      await world.close();
    }
  });
});
