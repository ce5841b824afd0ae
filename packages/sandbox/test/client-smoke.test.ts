// The client of @withings-kit/client wired straight to the sandbox's fetch, sharing its clock:
// the sandbox is what the client's own tests and demos will run against.
import { createWithingsClient } from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/types/sandbox.js";
import { CLIENT_ID, CLIENT_SECRET, REDIRECT, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

function client(s: Sandbox, signTokenRequests = false) {
  return createWithingsClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT,
    cloud: "http://sandbox.test",
    fetch: s.fetch,
    clock: s.clock,
    signTokenRequests,
  });
}

describe("the client against the sandbox", () => {
  it.each([false, true])(
    "logs in through the consent page (signed: %s), reads pages, refreshes",
    async (signTokenRequests) => {
      sandbox = testSandbox({ pageSizes: { "measure.getmeas": 50 } });
      const userid = sandbox.createUser({ profile: "scale-only", years: 1 }).userid;
      const withings = client(sandbox, signTokenRequests);
      const { url, state } = withings.authorizeUrl({ scope: ["user.metrics", "user.info"] });
      const consent = await sandbox.fetch(`${url}&sandbox_user=${userid}&sandbox_approve=1`);
      expect(consent.status).toBe(302);
      const tokens = await withings.exchangeRedirect(state, consent.headers.get("location") ?? "");
      expect(tokens.userId).toBe(userid);

      const user = withings.user(userid);
      const groups = await user.collect("measure.getmeas", {});
      expect(groups.length).toBeGreaterThan(50); // followed more/offset across pages
      expect(new Set(groups.map((g) => (g as { grpid: number }).grpid)).size).toBe(groups.length);

      sandbox.clock.advance(3 * 3600); // the access token has expired: the client refreshes
      await user.getDevice();
      expect(sandbox.stats().refreshes).toBe(1);
    },
  );
});
