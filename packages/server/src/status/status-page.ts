import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ParticipantStatus, ServiceStatus } from "./service-status.js";

/**
 * The coordinator's status page: one row per participant (study and code, link, days since
 * the last reading, the latest vitals, last notification, last sync, pending job), and the
 * queue. Plain HTML that reloads itself every minute, with no script and nothing fetched from
 * elsewhere; every value is escaped. It shows what `serviceStatus` holds, which is never a
 * token or a secret.
 *
 * @example
 * ```ts
 * const page = await statusPage(await serviceStatus({ store, client, database, now }));
 * ```
 */
export async function statusPage(doc: ServiceStatus): Promise<string> {
  const rows = doc.participants.map((p) => row(p));
  const q = doc.queue;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>Withings Kit: participants</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f3f3f3; }
.revoked, .token-dead { color: #a40000; font-weight: 600; }
.stale { color: #8a5a00; font-weight: 600; }
</style>
</head>
<body>
<h1>Participants</h1>
<p id="summary">${doc.participants.length} participant${doc.participants.length === 1 ? "" : "s"} · as of ${when(doc.now)} · jobs: ${q.due} due, ${q.running} running, ${q.waiting} waiting</p>
<table>
<caption class="visually-hidden">One row per participant</caption>
<thead><tr><th>Participant</th><th>Study</th><th>Link</th><th>Last reading</th><th>Latest vitals</th><th>Last notification</th><th>Last sync</th><th>Job</th></tr></thead>
<tbody>
${rows.length === 0 ? html`<tr><td colspan="8">Nobody is enrolled yet.</td></tr>` : rows}
</tbody>
</table>
</body>
</html>
`;
  return (await page).toString();
}

function row(p: ParticipantStatus): HtmlEscapedString | Promise<HtmlEscapedString> {
  const days = p.daysSinceLastReading;
  const reading =
    days === null ? "none" : days === 0 ? "today" : `${days} day${days === 1 ? "" : "s"} ago`;
  const job =
    p.job === null
      ? "none"
      : p.job.running
        ? "running"
        : `due ${when(p.job.dueAt)}${p.job.attempts > 0 ? `, ${p.job.attempts} failed` : ""}`;
  return html`<tr data-user="${p.userId}">
<td>${p.participantCode ?? p.userId}</td>
<td>${p.study ?? ""}</td>
<td class="${p.link}">${p.link}</td>
<td class="${days !== null && days >= 3 ? "stale" : ""}">${reading}</td>
<td>${vitals(p.latestVitals)}</td>
<td>${when(p.lastNotificationAt)}</td>
<td>${when(p.lastSyncAt)}${p.lastError === null ? "" : html`<br><small>${p.lastError}</small>`}</td>
<td>${job}</td>
</tr>`;
}

// What a vitals study reads first; every other measure is in the JSON.
function vitals(latest: Record<string, unknown> | null): string {
  if (latest === null) return "";
  const n = (key: string) => {
    const value = latest[key];
    return typeof value === "number" ? Number(value.toFixed(2)) : undefined;
  };
  const parts: string[] = [];
  const [sys, dia] = [n("systolic"), n("diastolic")];
  if (sys !== undefined || dia !== undefined) parts.push(`${sys ?? "?"}/${dia ?? "?"} mmHg`);
  const pulse = n("heart_pulse");
  if (pulse !== undefined) parts.push(`pulse ${pulse} bpm`);
  const spo2 = n("spo2");
  if (spo2 !== undefined) parts.push(`SpO2 ${spo2} %`);
  const temperature = n("body_temperature") ?? n("temperature");
  if (temperature !== undefined) parts.push(`${temperature} °C`);
  const weight = n("weight");
  if (weight !== undefined) parts.push(`${weight} kg`);
  return parts.join(" · ");
}

function when(epoch: number | null): string {
  if (epoch === null) return "never";
  return `${new Date(epoch * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
