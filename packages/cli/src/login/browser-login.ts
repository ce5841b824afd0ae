import type { TokenSet, WithingsClient } from "@withings-kit/client";
import { createState } from "@withings-kit/client/internal";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { EXIT_CODES } from "../exit-codes.js";
import { loopbackRedirect } from "./loopback-redirect.js";
import { readLine } from "./read-line.js";
import { startLoopbackReceiver } from "./start-loopback-receiver.js";

/**
 * Options of {@link browserLogin}.
 *
 * @example
 * ```ts
 * const o: BrowserLoginOptions = { client, redirectUri: undefined, openBrowser: true, openUrl, io, timeoutMs: 300_000, secrets };
 * ```
 */
export interface BrowserLoginOptions {
  /** Its token store receives the tokens. */
  readonly client: WithingsClient;
  /** The app's registered callback URL; a free loopback port when undefined. */
  readonly redirectUri: string | undefined;
  /** Open the browser, or only print the URL (`--no-browser`). */
  readonly openBrowser: boolean;
  readonly openUrl: (url: string) => Promise<void>;
  readonly io: CliIo;
  /** How long to wait for the redirect. */
  readonly timeoutMs: number;
  /** A pasted code is added here, for redaction. */
  readonly secrets: Set<string>;
  /**
   * Say nothing about browsers and waiting (the demo, whose "browser" is in-process).
   * @default false
   */
  readonly quiet?: boolean;
}

/**
 * What a login stored, and the redirect URI it used.
 *
 * @example
 * ```ts
 * const { tokens, redirectUri } = await browserLogin(options);
 * ```
 */
export interface LoginResult {
  readonly tokens: TokenSet;
  readonly redirectUri: string;
}

/**
 * The OAuth login: builds the authorize URL with a fresh `state`, sends the user to the
 * consent page, and exchanges the code the moment it comes back (codes live 30 s). The
 * tokens are stored by the client's token store before this resolves.
 *
 * - A loopback redirect URI (or none: then `http://127.0.0.1:<free port>/callback`) is
 *   received by a server on 127.0.0.1 that checks `state`.
 * - Any other redirect URI (an app's https callback) cannot reach this machine: the user
 *   pastes the URL the browser was sent to, and its `state` is checked the same way.
 *
 * The URL goes to stdout when the browser is not opened (`--no-browser`), so a script or a
 * test can pick it up; everything else goes to stderr.
 *
 * @throws {CliError} `AUTH` on a timeout or nothing pasted; the client's
 *   `WithingsStateError` / `WithingsAuthError` for a mismatched state or refused consent.
 * @example
 * ```ts
 * const { tokens } = await browserLogin({ client, redirectUri: settings.redirectUri, openBrowser: true,
 *   openUrl: (u) => openBrowser(u, process.platform), io, timeoutMs: 300_000, secrets });
 * ```
 */
export async function browserLogin(options: BrowserLoginOptions): Promise<LoginResult> {
  const { client, io } = options;
  const state = createState();
  const target = loopbackRedirect(options.redirectUri);

  if (target === undefined) {
    const redirectUri = options.redirectUri as string;
    const { url } = client.authorizeUrl({ state, redirectUri });
    await present(url, options);
    io.stderr.write(
      `After you approve, the browser goes to ${redirectUri}?code=…\n` +
        "Paste that whole URL here and press Enter (the code expires 30 s after the redirect):\n",
    );
    const pasted = (await readLine(io.stdin, io.signal))?.trim();
    if (pasted === undefined || pasted === "") {
      throw new CliError(EXIT_CODES.AUTH, "no redirected URL was pasted; nothing was stored");
    }
    const code = safeSearchParam(pasted, "code");
    if (code !== undefined) options.secrets.add(code);
    return { tokens: await client.exchangeRedirect(state, pasted, { redirectUri }), redirectUri };
  }

  const receiver = await startLoopbackReceiver({
    target,
    timeoutMs: options.timeoutMs,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    exchange: (redirected, redirectUri) =>
      client.exchangeRedirect(state, redirected, { redirectUri }),
  });
  try {
    const { url } = client.authorizeUrl({ state, redirectUri: receiver.redirectUri });
    if (options.quiet === true) await options.openUrl(url).catch(() => undefined);
    else {
      io.stderr.write(`Waiting for the login redirect on ${receiver.redirectUri}\n`);
      await present(url, options);
    }
    return { tokens: await receiver.done, redirectUri: receiver.redirectUri };
  } finally {
    await receiver.close();
  }
}

// Opens the browser, or prints the URL; an opener that fails is not fatal: the URL is
// printed and the login keeps waiting.
async function present(url: string, options: BrowserLoginOptions): Promise<void> {
  const { io } = options;
  if (!options.openBrowser) {
    io.stderr.write("Open this URL in a browser to log in to Withings:\n");
    io.stdout.write(`${url}\n`);
    return;
  }
  io.stderr.write("Opening the Withings consent page in your browser…\n");
  try {
    await options.openUrl(url);
    io.stderr.write(`If no browser opened, visit:\n${url}\n`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    io.stderr.write(`Could not open a browser (${why}). Open this URL yourself:\n`);
    io.stdout.write(`${url}\n`);
  }
}

function safeSearchParam(text: string, name: string): string | undefined {
  try {
    return new URL(text).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}
