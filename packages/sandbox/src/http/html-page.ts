/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * A small HTML page response (consent screen, gateway error pages), with extra headers
 * (the API's `Date`) when given.
 *
 * @example
 * ```ts
 * htmlPage(502, "502 Bad Gateway", "<h1>502 Bad Gateway</h1>");
 * ```
 */
export function htmlPage(
  status: number,
  title: string,
  bodyHtml: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.4rem 0}button{margin:1rem .5rem 0 0;padding:.5rem 1rem}</style>
</head><body>${bodyHtml}</body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  });
}
