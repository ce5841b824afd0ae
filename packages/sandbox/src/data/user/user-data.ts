import type { IntradaySample, SleepSegment } from "@withings-kit/client";
import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import type { ListActionKey } from "../../cloud/list-action-key.js";
import type { ResolvedCloudBehaviour } from "../../types/cloud-behaviour.js";
import { DATA_ANSWERS } from "../answers/data-answers.js";
import type { DataEndpointKey } from "../answers/data-endpoint-key.js";
import { serverSkew } from "../answers/server-skew.js";
import { withSkew } from "../answers/with-skew.js";
import { applyChange } from "../changes/apply-change.js";
import type { DataChange } from "../changes/data-change.js";
import type { AnswerNotes } from "../detail-lag/answer-notes.js";
import { visibleIntraday } from "../detail-lag/visible-intraday.js";
import { visibleSleepSegments } from "../detail-lag/visible-sleep-segments.js";
import { arrivalHints } from "../notifications/arrival-hints.js";
import type { NotificationHint } from "../notifications/notification-hint.js";
import { QueryParams } from "../queries/query-params.js";
import type { RecordTable } from "../records/record-table.js";
import type { StoredDevice } from "../records/stored-records.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { SandboxSnapshot } from "./sandbox-snapshot.js";
import type { SandboxUserData } from "./sandbox-user-data.js";

// Every series sleep get can carry (the sandbox's table): the truth of sleep detail holds all
// the source can build.
const ALL_SLEEP_SERIES: ReadonlySet<string> = new Set(
  (CLOUD_ACTIONS["sleep.get"] as CloudAction).dataFields,
);

/**
 * The one implementation of {@link SandboxUserData}: a user's {@link UserDataStore} read
 * through the answer table (`DATA_ANSWERS`), edited through `applyChange`, and watched for
 * arrivals through `arrivalHints`. Each call first generates the days up to `now`; the
 * store itself knows nothing of answers, changes or notifications.
 *
 * @example
 * ```ts
 * const user = new UserData(new UserDataStore({ calendar, source, firstDay, goals: null }));
 * user.answer("user.getgoals", new URLSearchParams(), now); // { goals: [] }
 * ```
 */
export class UserData implements SandboxUserData {
  readonly #store: UserDataStore;

  constructor(store: UserDataStore) {
    this.#store = store;
  }

  get timezone(): string {
    return this.#store.timezone;
  }

  get cloud(): ResolvedCloudBehaviour {
    return this.#store.cloud;
  }

  useCloud(behaviour: ResolvedCloudBehaviour): void {
    this.#store.useCloud(behaviour);
  }

  answer(
    key: DataEndpointKey,
    params: URLSearchParams,
    now: number,
    pageSizes?: Partial<Record<ListActionKey, number>>,
    notes?: AnswerNotes,
  ): unknown {
    const store = this.#store;
    store.ensure(now);
    const q = new QueryParams(params);
    if (!Object.hasOwn(DATA_ANSWERS, key)) {
      throw new SandboxParamError(`unknown action ${String(key)}`);
    }
    return DATA_ANSWERS[key](store, q, now, { pageSizes, notes });
  }

  intradaySamples(start: number, end: number, now: number): [number, IntradaySample][] {
    const store = this.#store;
    store.ensure(now);
    store.need(store.calendar.dayOf(start) - 1);
    return visibleIntraday(store, start, end, now);
  }

  sleepSegments(start: number, end: number, now: number): SleepSegment[] {
    const store = this.#store;
    store.ensure(now);
    store.need(store.calendar.dayOf(start) - 2);
    return visibleSleepSegments(store, start, end, now, ALL_SLEEP_SERIES);
  }

  apply(change: DataChange, now: number): NotificationHint[] {
    const store = this.#store;
    store.ensure(now);
    // Any record of the history can be edited: generate all of it (once).
    store.needAll();
    return applyChange(store, change, now);
  }

  snapshot(now: number): SandboxSnapshot {
    const store = this.#store;
    store.ensure(now);
    store.needAll();
    // Stamps as each dataset's server answers them (`serverSkewSeconds`).
    const visible = <R extends object>(table: RecordTable<R>, key: DataEndpointKey): R[] => {
      const skew = serverSkew(store.cloud, key);
      const out: R[] = [];
      for (const e of table.entries) if (e.created <= now) out.push(withSkew(e.rec, skew));
      return out;
    };
    const devices: StoredDevice[] = [];
    for (const e of store.devices.entries)
      if (e.created <= now) devices.push(store.source.device(store, e, now));
    return {
      timezone: store.timezone,
      measures: visible(store.measures, "measure.getmeas"),
      activity: visible(store.activity, "measure.getactivity"),
      workouts: visible(store.workouts, "measure.getworkouts"),
      sleep: visible(store.sleep, "sleep.getsummary"),
      ecg: visible(store.ecg, "heart.list"),
      devices,
      goals: store.goals,
    };
  }

  counts(now: number): Record<string, number> {
    const store = this.#store;
    store.ensure(now);
    store.needAll();
    const count = <R>(table: RecordTable<R>): number => {
      let n = 0;
      for (const e of table.entries) if (e.created <= now) n++;
      return n;
    };
    return {
      measures: count(store.measures),
      activity: count(store.activity),
      workouts: count(store.workouts),
      sleep: count(store.sleep),
      ecg: count(store.ecg),
      devices: count(store.devices),
      goals: store.goals === null ? 0 : 1,
    };
  }

  arrivals(since: number, now: number): NotificationHint[] {
    this.#store.ensure(now);
    return arrivalHints(this.#store, since, now);
  }
}
