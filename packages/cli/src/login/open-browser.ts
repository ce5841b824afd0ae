import { spawn } from "node:child_process";

/**
 * The platform's URL opener as a program and its arguments: `open` on macOS, `rundll32`'s
 * URL handler on Windows, `xdg-open` elsewhere. Never `cmd /c start`: that goes through a
 * shell, where the `&` between query parameters would split the command.
 *
 * @example
 * ```ts
 * browserCommand("darwin", "https://example.com"); // ["open", ["https://example.com"]]
 * ```
 */
export function browserCommand(
  platform: NodeJS.Platform,
  url: string,
): [command: string, args: string[]] {
  if (platform === "darwin") return ["open", [url]];
  if (platform === "win32") return ["rundll32.exe", ["url.dll,FileProtocolHandler", url]];
  return ["xdg-open", [url]];
}

/**
 * Opens an http(s) URL in the user's browser by spawning the platform's opener directly
 * (no shell, so nothing in the URL is interpreted), detached so it outlives the CLI.
 * Resolves once the opener started; rejects when there is none (a server without a
 * desktop), so the caller can say "open this URL yourself".
 *
 * @example
 * ```ts
 * await openBrowser("https://account.withings.com/oauth2_user/authorize2?…", process.platform);
 * ```
 */
export function openBrowser(url: string, platform: NodeJS.Platform): Promise<void> {
  if (!/^https?:\/\//i.test(url)) {
    return Promise.reject(new TypeError("only http and https URLs are opened"));
  }
  const [command, args] = browserCommand(platform, url);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "ignore", detached: true, shell: false });
    child.once("error", reject);
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}
