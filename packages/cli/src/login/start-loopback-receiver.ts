import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TokenSet } from "@withings-kit/client";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { LoopbackRedirect } from "./loopback-redirect.js";

/**
 * A local server waiting for the OAuth redirect (see {@link startLoopbackReceiver}).
 *
 * @example
 * ```ts
 * const receiver = await startLoopbackReceiver({ target, exchange, timeoutMs: 300_000 });
 * const tokens = await receiver.done;
 * ```
 */
export interface LoopbackReceiver {
  /** The redirect URI to put in the authorize URL, with the port actually bound. */
  readonly redirectUri: string;
  /** Settles once: the exchanged tokens, or why the login failed. */
  readonly done: Promise<TokenSet>;
  /** Stops listening (also done by itself once `done` settles). */
  close(): Promise<void>;
}

/**
 * Options of {@link startLoopbackReceiver}.
 *
 * @example
 * ```ts
 * const o: LoopbackReceiverOptions = { target: { host: "127.0.0.1", port: 0, path: "/callback" }, exchange, timeoutMs: 300_000 };
 * ```
 */
export interface LoopbackReceiverOptions {
  readonly target: LoopbackRedirect;
  /**
   * Checks `state` and exchanges the code of the redirect it is given (the full URL). Called
   * while the browser waits, because a code lives 30 s: the page it then shows says whether
   * the login worked.
   */
  readonly exchange: (redirectedUrl: URL, redirectUri: string) => Promise<TokenSet>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Listens on 127.0.0.1 (never on other interfaces) for the one redirect of a login. Only
 * the callback path counts; a browser's other requests (`/favicon.ico`) get a 404. The
 * first redirect settles the login either way: a `state` that does not match is refused
 * and the login fails, rather than waiting for a better one, so a forged redirect cannot
 * go unnoticed.
 *
 * @throws {CliError} `AUTH` through `done` when no redirect comes within `timeoutMs`.
 * @example
 * ```ts
 * const receiver = await startLoopbackReceiver({
 *   target: loopbackRedirect(undefined)!,
 *   exchange: (url, redirectUri) => client.exchangeRedirect(state, url, { redirectUri }),
 *   timeoutMs: 300_000,
 * });
 * ```
 */
export async function startLoopbackReceiver(
  options: LoopbackReceiverOptions,
): Promise<LoopbackReceiver> {
  const { target } = options;
  let settle!: { resolve: (t: TokenSet) => void; reject: (e: unknown) => void };
  const done = new Promise<TokenSet>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may await `done` late (after opening the browser); never an unhandled rejection.
  done.catch(() => undefined);
  let settled = false;
  let handling = false;
  let redirectUri = "";

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", redirectUri);
    if (req.method !== "GET" || url.pathname !== target.path) {
      page(res, 404, "Not found", "This server only receives the Withings login redirect.");
      return;
    }
    if (settled || handling) {
      page(res, 409, "Already handled", "This login has already received its redirect.");
      return;
    }
    handling = true;
    options.exchange(url, redirectUri).then(
      (tokens) => {
        page(res, 200, "Logged in", "Withings Kit is authorized. You can close this tab.");
        finish(() => settle.resolve(tokens), res);
      },
      (error: unknown) => {
        // The page stays generic; the terminal gets the reason (redacted there).
        page(res, 400, "Login failed", "The login did not complete. See the terminal.");
        finish(() => settle.reject(error), res);
      },
    );
  });

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = (): void => finish(() => settle.reject(options.signal?.reason));
  const finish = (outcome: () => void, res?: ServerResponse): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    outcome();
    // Let the answer reach the browser before the connections are dropped.
    if (res === undefined || res.writableFinished) void close();
    else res.once("close", () => void close());
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new CliError(
          EXIT_CODES.CONFIG,
          `cannot listen on 127.0.0.1:${target.port} for the login redirect (${error.code ?? error.message})`,
          "free the port, or register and use another loopback redirect URI",
        ),
      );
    });
    server.listen(target.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  redirectUri = `http://${target.host}:${port}${target.path}`;

  timer = setTimeout(() => {
    finish(() =>
      settle.reject(
        new CliError(
          EXIT_CODES.AUTH,
          `no login redirect within ${Math.round(options.timeoutMs / 1000)} s`,
          "run withings login again (--timeout SECONDS waits longer)",
        ),
      ),
    );
  }, options.timeoutMs);
  timer.unref?.();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  return { redirectUri, done, close };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p>\n`;
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(body);
}
