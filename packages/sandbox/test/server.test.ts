import { afterEach, describe, expect, it } from "vitest";
import { type SandboxServer, startSandboxServer } from "../src/server.js";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startSandboxServer", () => {
  it("serves the API and the control API over real HTTP on loopback", async () => {
    server = await startSandboxServer({ port: 0, seed: 42 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${server.url}/_sandbox/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ profile: "scale-only", years: 1 }),
    });
    expect(created.status).toBe(201);
    const { access_token } = (await created.json()) as { access_token: string };
    const meas = await fetch(`${server.url}/measure`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}` },
      body: new URLSearchParams({ action: "getmeas" }),
    });
    expect(meas.status).toBe(200);
    expect(meas.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await meas.json()) as { status: number }).status).toBe(0);
    const stats = (await (await fetch(`${server.url}/_sandbox/stats`)).json()) as {
      requests: { total: number };
    };
    expect(stats.requests.total).toBe(1);
  });

  it("sends the server's own Date header, skewed per service, over real HTTP", async () => {
    const start = 1_767_225_600;
    server = await startSandboxServer({
      port: 0,
      clock: "virtual",
      startTime: start,
      cloud: { serverSkewSeconds: { "/v2/user": -3600 } },
    });
    const { access_token } = server.sandbox.createUser({ profile: "empty", years: 0 });
    const goals = await fetch(`${server.url}/v2/user`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}` },
      body: new URLSearchParams({ action: "getgoals" }),
    });
    // One Date header, not Node's own beside it.
    expect(goals.headers.get("date")).toBe(new Date((start - 3600) * 1000).toUTCString());
    const nonce = await fetch(`${server.url}/v2/signature`, {
      method: "POST",
      body: "action=getnonce",
    });
    expect(nonce.headers.get("date")).toBe(new Date(start * 1000).toUTCString());
  });

  // A hang left open would keep close() waiting for its real-time cap (120 s), past the timeout.
  it("ends a hanging response when the client disconnects, and closes promptly", {
    timeout: 10_000,
  }, async () => {
    server = await startSandboxServer({ port: 0, faults: { rates: { hang: 1 } } });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/v2/user?action=getgoals`, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await server.close();
    server = undefined;
  });
});
