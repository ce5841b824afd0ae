import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/**
 * The frame of every dashboard page: the stylesheets and scripts it serves itself, a skip
 * link, the breadcrumb and the page's `main`.
 *
 * @example
 * ```ts
 * const page = await pageShell({ base: "", title: "Study", crumbs: [], main: html`<h1>Study</h1>` });
 * ```
 */
export async function pageShell(options: {
  readonly base: string;
  readonly title: string;
  /** Links above the title, from the study view down. */
  readonly crumbs: readonly { readonly href: string; readonly label: string }[];
  readonly main: HtmlEscapedString | Promise<HtmlEscapedString>;
  /** Loads uPlot and the dashboard script. */
  readonly charts: boolean;
}): Promise<string> {
  const { base } = options;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · Withings Kit dashboard</title>
<link rel="icon" href="data:,">
${options.charts ? html`<link rel="stylesheet" href="${base}/assets/uPlot.min.css">` : ""}
<link rel="stylesheet" href="${base}/assets/dashboard.css">
${options.charts ? html`<script src="${base}/assets/uPlot.iife.min.js" defer></script><script src="${base}/assets/dashboard.js" defer></script>` : ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Breadcrumb">${options.crumbs.map(
    (c, i) => html`${i > 0 ? " › " : ""}<a href="${c.href}">${c.label}</a>`,
  )}</nav></header>
<main id="main" tabindex="-1">
${options.main}
</main>
</body>
</html>
`;
  return (await page).toString();
}
