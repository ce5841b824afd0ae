import type { IntradaySample } from "@withings-kit/client";
import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import type { NotificationHint } from "../notifications/notification-hint.js";
import { deepFreeze } from "../records/deep-freeze.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { DataChange } from "./data-change.js";
import { RecordFields } from "./record-fields.js";

// The fields a sample can carry: intraday `data_fields` (reference §1.7) and the labels
// every sample has (`deviceid`, `model` string, `model_id` int; Q11).
const DATA_FIELDS: ReadonlySet<string> = new Set(
  (CLOUD_ACTIONS["measure.getintradayactivity"] as CloudAction).dataFields,
);
const LABELS = ["deviceid", "model", "model_id"] as const;

/**
 * Applies a change of dataset `intraday` at `now`: `add` sets the sample at `record.time`
 * (`{time, steps, heart_rate, …, deviceid, model, model_id}`), replacing a derived sample at
 * that second; `edit` (`id`: the time) merges fields into the sample there, explicit or
 * derived; `delete` (`id`: the time) removes it, hiding a derived one. Each change is a new
 * version, which reaches the cloud like derived detail (`detailLagSeconds`, Q17). Notifies
 * appli 16 for the sample's time.
 *
 * @example
 * ```ts
 * applyIntraday(store, { op: "add", dataset: "intraday", record: { time: 1767229200, steps: 40 } }, now);
 * ```
 */
export function applyIntraday(
  store: UserDataStore,
  change: DataChange,
  now: number,
): NotificationHint[] {
  if (change.op === "add") {
    const f = new RecordFields(structuredClone(change.record), "intraday");
    const time = f.requiredInt("time");
    const latest = store.samples.latest(time);
    if (latest !== undefined && latest.sample !== null) {
      throw new SandboxParamError(`intraday: a sample at ${time} already exists`);
    }
    store.samples.record(time, now, sampleOf(f, undefined));
    return [hint(store, time)];
  }
  const time = timeOf(change.id);
  const current = currentSample(store, time, now);
  if (current === undefined) throw new SandboxParamError(`intraday: no sample at ${time}`);
  if (change.op === "delete") {
    store.samples.record(time, now, null);
    return [hint(store, time)];
  }
  const given = change.record["time"];
  if (given !== undefined && given !== time) {
    throw new SandboxParamError("intraday: time cannot change (delete and add instead)");
  }
  const f = new RecordFields(structuredClone(change.record), "intraday");
  store.samples.record(time, now, sampleOf(f, current));
  return [hint(store, time)];
}

// The sample the cloud holds at a second now: its latest explicit version, else the derived
// one (whatever the detail lag shows yet: an edit applies to the cloud's own state).
function currentSample(
  store: UserDataStore,
  time: number,
  now: number,
): IntradaySample | undefined {
  const latest = store.samples.latest(time);
  if (latest !== undefined) return latest.sample ?? undefined;
  return store.source.intraday(store, time, time, now).find(([t]) => t === time)?.[1];
}

function sampleOf(f: RecordFields, base: IntradaySample | undefined): IntradaySample {
  const out: Record<string, unknown> = {
    deviceid: base?.deviceid ?? null,
    model: base?.model ?? null,
    model_id: base?.model_id ?? null,
    ...base,
  };
  for (const [name, value] of Object.entries(f.record)) {
    if (name === "time") continue;
    if (name === "deviceid" || name === "model") {
      out[name] = f.stringOrNull(name) ?? null;
    } else if (name === "model_id") {
      out[name] = f.intOrNull(name) ?? null;
    } else if (DATA_FIELDS.has(name)) {
      out[name] = value === null ? null : f.number(name);
    } else {
      throw new SandboxParamError(
        `intraday: unknown field ${name} (expected time, ${LABELS.join(", ")} or an intraday data field)`,
      );
    }
  }
  return deepFreeze(out) as IntradaySample;
}

function timeOf(id: number | string | undefined): number {
  const time = typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id;
  if (typeof time !== "number" || !Number.isSafeInteger(time)) {
    throw new SandboxParamError("intraday: id must be the sample's time (epoch seconds)");
  }
  return time;
}

function hint(store: UserDataStore, time: number): NotificationHint {
  return {
    appli: 16,
    startdate: time,
    enddate: time,
    date: store.calendar.ymd(store.calendar.dayOf(time)),
  };
}
