import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let cached: { readonly js: string; readonly css: string } | undefined;

/**
 * uPlot's browser build and stylesheet, read from the installed package on first use and
 * kept: the dashboard serves them itself, so its pages fetch nothing from another origin.
 *
 * @example
 * ```ts
 * const { js, css } = uplotAssets();
 * ```
 */
export function uplotAssets(): { readonly js: string; readonly css: string } {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = {
      js: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
      css: readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
    };
  }
  return cached;
}
