// A scheme, then the authority's userinfo up to its last `@` (a password may hold an
// unescaped `@`, and URL parsers split at the last one).
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>]+)@/gi;

/**
 * Masks the password of every URL in a text (`http://user:***@host`), so that a cloud URL
 * or a database URL given with credentials never reaches the terminal or a log. A user name
 * alone is kept: it says which account without opening it.
 *
 * @example
 * ```ts
 * redactUrlCredentials("cannot reach http://kit:s3cret@proxy:8080"); // "cannot reach http://kit:***@proxy:8080"
 * ```
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    return colon === -1 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
}
