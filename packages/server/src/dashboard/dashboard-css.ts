/**
 * The dashboard's stylesheet, served as `/assets/dashboard.css`: light and dark from the
 * system's `prefers-color-scheme`, colours chosen for at least 4.5:1 contrast on their
 * background, a visible focus ring, and one column on a phone.
 *
 * @example
 * ```ts
 * new Response(DASHBOARD_CSS, { headers: { "content-type": "text/css" } });
 * ```
 */
export const DASHBOARD_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1b1b; --muted: #4d4d4d; --line: #d4d4d4; --panel: #f5f5f5;
  --link: #0b57d0; --focus: #0b57d0; --flag-bg: #fde2e2; --flag-fg: #8a0000;
  --series-0: #b3261e; --series-1: #0b57d0; --series-2: #1e7b34; --series-3: #8a4f00;
  --series-4: #6b3fa0; --series-5: #00687a; --series-6: #a1005c;
  --ecg-minor: #f3c4c4; --ecg-major: #dd8a8a; --ecg-trace: #111111;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121212; --fg: #ececec; --muted: #b8b8b8; --line: #3a3a3a; --panel: #1e1e1e;
    --link: #8ab4f8; --focus: #8ab4f8; --flag-bg: #4a1212; --flag-fg: #ffb4ab;
    --series-0: #ff8a80; --series-1: #8ab4f8; --series-2: #81c995; --series-3: #fdd663;
    --series-4: #d7aefb; --series-5: #78d9ec; --series-6: #ff8bcb;
    --ecg-minor: #3b2424; --ecg-major: #6e3a3a; --ecg-trace: #f2f2f2;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, sans-serif; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 1rem; }
header { padding-top: .75rem; }
nav a, main a { color: var(--link); }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .25rem .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.flag { background: var(--flag-bg); color: var(--flag-fg); font-weight: 600; }
.stale { color: var(--flag-fg); font-weight: 600; }
.vitals { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .5rem; margin: 0; }
.vitals div { background: var(--panel); padding: .5rem .7rem; border-radius: 6px; }
.vitals dt { color: var(--muted); font-size: .85rem; }
.vitals dd { margin: 0; font-size: 1.2rem; font-weight: 600; }
.vitals dd small { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
.presets { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0 1rem; }
.presets a { padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
.presets a[aria-current="true"] { background: var(--link); color: var(--bg); border-color: var(--link); }
figure.chart { margin: 0 0 1.5rem; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; }
figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
.plot { min-height: 60px; width: 100%; }
.readout { display: block; min-height: 2.6em; font-variant-numeric: tabular-nums; color: var(--fg); font-size: .9rem; }
.key { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 .25rem; padding: 0; font-size: .85rem; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; margin-right: .35em; vertical-align: -.1em; }
.ecg-scroll { overflow-x: auto; border: 1px solid var(--line); }
.uplot, .u-wrap { color: var(--fg); }
@media (max-width: 640px) {
  body { font-size: 14px; }
  header, main { padding: 0 .6rem; }
  th, td { padding: .3rem .35rem; }
}
`;
