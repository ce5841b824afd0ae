import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { formatWhen } from "./format-when.js";
import { VITAL_MEASURES } from "./latest-vitals.js";
import { pageShell } from "./page-shell.js";
import type { StudyParticipant } from "./study-participants.js";
import type { VitalKey, VitalRange } from "./vital-ranges.js";

const COLUMNS: readonly { readonly key: VitalKey; readonly label: string }[] = [
  ...VITAL_MEASURES,
  { key: "breathingDisturbances", label: "Breathing disturbances" },
];

/**
 * The study view: one row per participant with the last reading of each vital (those out of
 * range marked in words as well as colour), days since the last reading, the readings out
 * of range of the last days, and when each dataset was last synced.
 *
 * @example
 * ```ts
 * const page = await studyPage({ base: "", participants, ranges: DEFAULT_VITAL_RANGES, recentDays: 30, now });
 * ```
 */
export async function studyPage(options: {
  readonly base: string;
  readonly participants: readonly StudyParticipant[];
  readonly ranges: Readonly<Partial<Record<VitalKey, VitalRange>>>;
  readonly recentDays: number;
  readonly now: number;
}): Promise<string> {
  const { base, participants, recentDays } = options;
  const main = html`<h1>Study</h1>
<p id="summary">${participants.length} participant${participants.length === 1 ? "" : "s"} · as of ${formatWhen(options.now)}</p>
<div class="scroll" role="region" aria-labelledby="participants-caption" tabindex="0">
<table id="participants">
<caption id="participants-caption" class="visually-hidden">Participants, their latest vitals and data freshness</caption>
<thead><tr><th scope="col">Participant</th><th scope="col">Last reading</th>${COLUMNS.map((c) => html`<th scope="col">${c.label}</th>`)}<th scope="col">Out of range, last ${recentDays} days</th><th scope="col">Data freshness</th></tr></thead>
<tbody>
${participants.length === 0 ? html`<tr><td colspan="${COLUMNS.length + 4}">No data yet: sync first.</td></tr>` : participants.map((p) => row(base, p, options.now))}
</tbody>
</table>
</div>
<details><summary>Ranges used</summary><ul>${COLUMNS.map((c) => rangeItem(c.label, options.ranges[c.key]))}</ul></details>`;
  return pageShell({
    base,
    title: "Study",
    crumbs: [{ href: base === "" ? "/" : base, label: "Study" }],
    main,
    charts: false,
  });
}

function row(
  base: string,
  p: StudyParticipant,
  now: number,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const days = p.daysSinceLastReading;
  const since =
    days === null ? "none" : days === 0 ? "today" : `${days} day${days === 1 ? "" : "s"} ago`;
  const synced = p.freshness.filter((f) => f.rows > 0 || f.lastSyncAt !== null);
  const oldest = synced.reduce<number | null>(
    (m, f) => (f.lastSyncAt !== null && (m === null || f.lastSyncAt < m) ? f.lastSyncAt : m),
    null,
  );
  return html`<tr data-user="${p.userId}">
<th scope="row"><a href="${base}/users/${encodeURIComponent(p.userId)}">${p.userId}</a></th>
<td class="${days !== null && days >= 3 ? "stale" : ""}" data-days="${days ?? ""}">${since}</td>
${COLUMNS.map((c) => {
  const v = p.latest.find((l) => l.key === c.key);
  if (v === undefined) return html`<td data-vital="${c.key}">–</td>`;
  return html`<td data-vital="${c.key}" class="${v.outOfRange ? "flag" : ""}" title="${v.when}">${v.value}${v.unit === "" ? "" : ` ${v.unit}`}${v.outOfRange ? html` <span>(out of range)</span>` : ""}</td>`;
})}
<td data-out-of-range="${p.outOfRange.length}" class="${p.outOfRange.length > 0 ? "flag" : ""}">${p.outOfRange.length === 0 ? "none" : html`<details><summary>${p.outOfRange.length} reading${p.outOfRange.length === 1 ? "" : "s"}</summary><ul>${p.outOfRange.slice(0, 20).map((v) => html`<li>${v.label} ${v.value}${v.unit === "" ? "" : ` ${v.unit}`}, ${v.when}</li>`)}</ul></details>`}</td>
<td><details><summary>${oldest === null ? "never synced" : `oldest ${ago(now, oldest)}`}</summary><ul>${synced.map((f) => html`<li data-dataset="${f.dataset}">${f.dataset}: ${f.rows} rows, synced ${ago(now, f.lastSyncAt)}</li>`)}</ul></details></td>
</tr>`;
}

function ago(now: number, at: number | null): string {
  if (at === null) return "never";
  const hours = Math.floor((now - at) / 3600);
  if (hours < 1) return "within the hour";
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

function rangeItem(label: string, range: VitalRange | undefined) {
  if (range === undefined) return html`<li>${label}: not flagged</li>`;
  const parts: string[] = [];
  if (range.below !== undefined) parts.push(`below ${range.below}`);
  if (range.atOrAbove !== undefined) parts.push(`${range.atOrAbove} or more`);
  return html`<li>${label}: flagged ${parts.join(" or ")}</li>`;
}
