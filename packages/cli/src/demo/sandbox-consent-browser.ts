/**
 * A stand-in for the user's browser on the sandbox's consent page: it loads the authorize
 * URL as the consent form submits it when "Allow" is clicked for `userId`
 * (`sandbox_user=<id>&sandbox_approve=1`), and follows the 302 to the redirect URI, where
 * the login's loopback server exchanges the code and answers. Everything after the click is
 * the real login path: the sandbox checks the app and the redirect URI and issues a code,
 * the loopback server checks `state`, the client exchanges the code.
 *
 * A page that answers with an error is not thrown: the login reports why it failed.
 *
 * @example
 * ```ts
 * const tokens = await browserLogin({ ...options, openUrl: sandboxConsentBrowser(userid) });
 * ```
 */
export function sandboxConsentBrowser(userId: string): (url: string) => Promise<void> {
  return async (url) => {
    const consent = new URL(url);
    consent.searchParams.set("sandbox_user", userId);
    consent.searchParams.set("sandbox_approve", "1");
    const response = await fetch(consent, { redirect: "follow" });
    await response.arrayBuffer();
  };
}
