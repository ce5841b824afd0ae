import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/types/sandbox.js";
import { API, post, testSandbox } from "./_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

function getmeas(s: Sandbox, token: string, extra = ""): Promise<Response> {
  return s.fetch(`${API}/measure?action=getmeas&access_token=${token}${extra}`);
}

describe("faults", () => {
  it("are off by default and never touch the control API or the consent page", async () => {
    sandbox = testSandbox({ faults: { rates: { "http-502": 1 } } });
    expect((await sandbox.fetch(`${API}/_sandbox/stats`)).status).toBe(200);
    const page = await sandbox.fetch(
      `${API}/oauth2_user/authorize2?client_id=withings-kit-sandbox`,
    );
    expect(page.status).toBe(400); // the page's own validation, not a 502
    sandbox.setFaults({});
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    expect((await getmeas(sandbox, access_token)).status).toBe(200);
  });

  it.each([
    ["http-500", 500],
    ["http-502", 502],
    ["http-503", 503],
  ] as const)("%s answers a real HTTP error with an HTML page", async (kind, status) => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { [kind]: 1 } });
    const res = await getmeas(sandbox, access_token);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toContain(String(status));
    expect(sandbox.stats().faults).toEqual({ [kind]: 1 });
  });

  it("hang never answers until the request aborts", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { hang: 1 } });
    const controller = new AbortController();
    const pending = sandbox.fetch(
      new Request(`${API}/measure?action=getmeas&access_token=${access_token}`, {
        signal: controller.signal,
      }),
    );
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it("hang is capped in real time with a gateway timeout page", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { hang: 1 }, hangMaxMs: 30 });
    expect((await getmeas(sandbox, access_token)).status).toBe(504);
  });

  it("truncated-json cuts the real answer, whose effects still happen", async () => {
    sandbox = testSandbox();
    const user = sandbox.createUser({ profile: "scale-only", years: 1 });
    const full = await (await getmeas(sandbox, user.access_token)).text();
    sandbox.setFaults({ rates: { "truncated-json": 1 }, endpoints: ["measure.getmeas"] });
    const cut = await (await getmeas(sandbox, user.access_token, "&x=1")).text();
    expect(cut.length).toBeLessThan(full.length);
    expect(full.startsWith(cut.slice(0, 20))).toBe(true);
    expect(() => JSON.parse(cut)).toThrow();
  });

  it("spurious-401 and spurious-601 come inside HTTP 200", async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { "spurious-401": 1 } });
    const a = await getmeas(sandbox, access_token);
    expect(a.status).toBe(200);
    expect(((await a.json()) as { status: number }).status).toBe(401);
    sandbox.setFaults({ rates: { "spurious-601": 1 } });
    expect(
      ((await (await getmeas(sandbox, access_token)).json()) as { status: number }).status,
    ).toBe(601);
    expect(sandbox.stats().tooManyRequests.injected).toBe(1);
  });

  it("spurious-401 spares the token endpoint", async () => {
    sandbox = testSandbox();
    const { refresh_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { "spurious-401": 1 } });
    const answer = await post(sandbox, "/v2/oauth2", {
      action: "requesttoken",
      grant_type: "refresh_token",
      client_id: "withings-kit-sandbox",
      client_secret: "sandbox-secret",
      refresh_token,
    });
    expect(answer.status).toBe(0);
  });

  // A real 90 s wait would overrun this test's timeout.
  it("slow delays the answer in sandbox time, not real time", { timeout: 10_000 }, async () => {
    sandbox = testSandbox();
    const { access_token } = sandbox.createUser({ profile: "empty", years: 0 });
    sandbox.setFaults({ rates: { slow: 1 }, slowMs: 90_000 });
    const before = sandbox.clock.now();
    expect((await getmeas(sandbox, access_token)).status).toBe(200);
    expect(sandbox.clock.now() - before).toBeGreaterThanOrEqual(90_000);
  });

  it("paging-quirk says no more while rows remain", async () => {
    sandbox = testSandbox({ pageSizes: { "measure.getmeas": 5 } });
    const { access_token } = sandbox.createUser({ profile: "scale-only", years: 2 });
    const page = async (extra: string) =>
      (await (await getmeas(sandbox, access_token, extra)).json()) as {
        body: { more: number; measuregrps: unknown[] };
      };
    const honest = await page("");
    expect(honest.body.more).toBe(1);
    sandbox.setFaults({ rates: { "paging-quirk": 1 } });
    const quirky = await page("&x=1");
    expect(quirky.body.more).toBe(0);
    expect(quirky.body.measuregrps).toHaveLength(5);
  });

  it("is reproducible from the seed", async () => {
    const run = async () => {
      const s = testSandbox();
      const { access_token } = s.createUser({ profile: "empty", years: 0 });
      s.setFaults({ rates: { "http-502": 0.3, "spurious-601": 0.3 }, seed: 99 });
      const outcome: string[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await getmeas(s, access_token, `&i=${i}`);
        outcome.push(
          res.status === 200
            ? String(((await res.json()) as { status: number }).status)
            : `http${res.status}`,
        );
      }
      s.close();
      return outcome.join(",");
    };
    sandbox = testSandbox();
    const first = await run();
    expect(await run()).toBe(first);
    expect(first).toContain("http502");
    expect(first).toContain("601");
  });
});
