import { MAX_SANDBOX_SECONDS } from "../clock/simulated-clock.js";
import type { Sandbox } from "../types/sandbox.js";
import { parseControlBody } from "./parse-control-body.js";
import { SandboxControlError } from "./sandbox-control-error.js";

type Route = (sandbox: Sandbox, body: unknown) => unknown | Promise<unknown>;

const ROUTES: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  "/_sandbox/stats": { GET: (s) => s.stats() },
  "/_sandbox/clock": {
    GET: (s) => clockState(s),
    POST: (s, body) => {
      const move = parseControlBody.clock(body);
      const target = "advance" in move ? s.clock.nowSeconds() + move.advance : move.set;
      if (target < 0 || target > MAX_SANDBOX_SECONDS) {
        throw new SandboxControlError(
          "invalid_body",
          `the clock must stay between 0 and ${MAX_SANDBOX_SECONDS} (years 1970 to 9999)`,
          "advance" in move ? "advance" : "set",
        );
      }
      if ("advance" in move) s.clock.advance(move.advance);
      else s.clock.set(move.set);
      return clockState(s);
    },
  },
  "/_sandbox/faults": {
    GET: (s) => s.faults(),
    POST: (s, body) => {
      s.setFaults(parseControlBody.faults(body));
      return s.faults();
    },
  },
  "/_sandbox/cloud": {
    GET: (s) => s.cloud(),
    POST: (s, body) => {
      s.setCloud(parseControlBody.cloud(body));
      return s.cloud();
    },
  },
  "/_sandbox/users": {
    GET: (s) => ({ users: s.users() }),
    POST: (s, body) => created(s.createUser(parseControlBody.createUser(body ?? {}))),
  },
  "/_sandbox/replay": {
    POST: (s, body) => created(s.loadReplay(parseControlBody.replay(body))),
  },
  "/_sandbox/data": { POST: (s, body) => s.editData(parseControlBody.dataEdit(body)) },
  "/_sandbox/unlink": {
    POST: (s, body) => {
      const { userid, clientId } = parseControlBody.unlink(body);
      return s.unlinkUser(userid, clientId);
    },
  },
  "/_sandbox/reset": {
    POST: (s) => {
      s.reset();
      return { reset: true };
    },
  },
};

const CREATED = Symbol("created");

/**
 * The control API under `/_sandbox/`: JSON in, JSON out, the same operations as the sandbox's
 * functions. Bad requests answer `{"error": {"code", "message", "field"?}}` with 400, unknown
 * paths 404, wrong methods 405. It is never subject to faults or limits, and has no
 * authentication: keep the server on loopback.
 *
 * @example
 * ```ts
 * await handleControlRequest(sandbox, new Request("http://sandbox/_sandbox/clock", {
 *   method: "POST", body: JSON.stringify({ advance: 3600 }),
 * }));
 * ```
 */
export async function handleControlRequest(
  sandbox: Sandbox,
  request: Request,
  pathname: string,
): Promise<Response> {
  try {
    const methods = ROUTES[pathname.replace(/\/+$/, "")];
    if (methods === undefined) {
      throw new SandboxControlError("not_found", `no control route ${pathname}`);
    }
    const route = methods[request.method];
    if (route === undefined) {
      throw new SandboxControlError(
        "method_not_allowed",
        `${request.method} is not allowed here; use ${Object.keys(methods).join(" or ")}`,
      );
    }
    let body: unknown;
    if (request.method === "POST") {
      const text = await request.text();
      try {
        body = text.trim() === "" ? undefined : JSON.parse(text);
      } catch {
        throw new SandboxControlError("invalid_json", "the body is not valid JSON");
      }
    }
    const result = await route(sandbox, body);
    if (typeof result === "object" && result !== null && CREATED in result) {
      return json(201, (result as { [CREATED]: unknown })[CREATED]);
    }
    return json(200, result);
  } catch (error) {
    if (error instanceof SandboxControlError) return json(error.httpStatus, error.toJSON());
    throw error;
  }
}

function created(value: unknown): { [CREATED]: unknown } {
  return { [CREATED]: value };
}

function clockState(sandbox: Sandbox): { now: number; mode: string } {
  return { now: sandbox.clock.nowSeconds(), mode: sandbox.clock.mode };
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json" },
  });
}
