/** One request as the fake API saw it. */
export interface SeenRequest {
  readonly path: string;
  readonly action: string;
  readonly form: URLSearchParams;
  readonly authorization: string | null;
}

type Reply = Response | ((request: SeenRequest) => Response | Promise<Response>);

/**
 * A tiny Withings stand-in at the fetch seam for wire-level cases the sandbox does not
 * produce on purpose. Replies are queued per `path action`; a request with no reply queued
 * fails the test.
 */
export class FakeApi {
  readonly seen: SeenRequest[] = [];
  readonly #queues = new Map<string, Reply[]>();
  readonly #fallbacks = new Map<string, Reply>();

  /** Queue replies for one action, consumed in order. */
  on(path: string, action: string, ...replies: Reply[]): this {
    const key = `${path} ${action}`;
    this.#queues.set(key, [...(this.#queues.get(key) ?? []), ...replies]);
    return this;
  }

  /** A reply used whenever the queue of that action is empty. */
  always(path: string, action: string, reply: Reply): this {
    this.#fallbacks.set(`${path} ${action}`, reply);
    return this;
  }

  count(action: string): number {
    return this.seen.filter((r) => r.action === action).length;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const form = new URLSearchParams(await request.text());
    const seen: SeenRequest = {
      path: url.pathname,
      action: form.get("action") ?? "",
      form,
      authorization: request.headers.get("authorization"),
    };
    this.seen.push(seen);
    const key = `${seen.path} ${seen.action}`;
    const reply = this.#queues.get(key)?.shift() ?? this.#fallbacks.get(key);
    if (!reply) throw new Error(`unexpected request ${key}`);
    const response = typeof reply === "function" ? await reply(seen) : reply.clone();
    return response;
  };
}

/** A Withings envelope answered with HTTP 200. */
export function envelope(status: number, body: unknown = {}, error?: string): Response {
  return Response.json(error === undefined ? { status, body } : { status, body, error });
}

/** A successful token answer. */
export function tokenAnswer(
  userid: string | number,
  access: string,
  refresh: string,
  expiresIn = 10_800,
): Response {
  return envelope(0, {
    userid,
    access_token: access,
    refresh_token: refresh,
    expires_in: expiresIn,
    scope: "user.info,user.metrics,user.activity",
    token_type: "Bearer",
  });
}
