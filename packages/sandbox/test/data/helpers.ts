// The corpus lookup lives in one place for every package; see that file.
import { readCorpus } from "../../../client/test/helpers/conformance-corpus.js";
import type { DataEndpointKey, SandboxUserData } from "../../src/data/index.js";
import { generateUser } from "../../src/data/index.js";

/** 2026-01-01T00:00:00Z: the simulated "now" most tests run at. */
export const NOW = 1_767_225_600;
export const DAY = 86_400;

/** A file of the conformance corpus, read in place (never copied); only inside its suites. */
export function readConformance(folder: string, file: string): string {
  return readCorpus(`${folder}/${file}`);
}

export function params(values: Record<string, string | number> = {}): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) out.set(k, String(v));
  return out;
}

// Users are costly to build in full; tests that only read share them.
const cache = new Map<string, SandboxUserData>();
export function vitalsUser(years = 2, seed = 11, userId = "study-1"): SandboxUserData {
  const key = `${years}/${seed}/${userId}`;
  let user = cache.get(key);
  if (user === undefined) {
    user = generateUser({ profile: "vitals-study", years, seed, userId, now: NOW });
    cache.set(key, user);
  }
  return user;
}

/** A row of a list answer; the fields tests read by name are declared. */
export interface Row {
  readonly [key: string]: unknown;
  readonly grpid?: unknown;
  readonly id?: unknown;
  readonly date?: unknown;
  readonly created?: unknown;
  readonly modified?: unknown;
  readonly startdate?: unknown;
  readonly enddate?: unknown;
  readonly timestamp?: unknown;
  readonly ecg?: unknown;
  readonly model?: unknown;
  readonly data?: unknown;
  readonly measuregrps?: unknown;
  readonly series?: unknown;
  readonly activities?: unknown;
  readonly devices?: unknown;
  readonly is_inconclusive?: unknown;
  readonly battery?: unknown;
  readonly model_id?: unknown;
  readonly first_session_date?: unknown;
  readonly last_session_date?: unknown;
  readonly hash_deviceid?: unknown;
  readonly deviceid?: unknown;
  readonly steps?: unknown;
}

export interface ListBody extends Row {
  readonly more: number | boolean;
  readonly offset: number;
}

/** Where each list action keeps its rows. */
export const LIST_KEYS = {
  "measure.getmeas": "measuregrps",
  "measure.getactivity": "activities",
  "measure.getworkouts": "series",
  "heart.list": "series",
  "sleep.getsummary": "series",
} as const satisfies Partial<Record<DataEndpointKey, string>>;

export type ListKey = keyof typeof LIST_KEYS;

/** Follows `more`/`offset` to the end; returns every row and every page body. */
export function walk(
  user: SandboxUserData,
  key: ListKey,
  query: Record<string, string | number>,
  now = NOW,
  pageSize?: number,
): { rows: Row[]; pages: ListBody[] } {
  const rows: Row[] = [];
  const pages: ListBody[] = [];
  let offset = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = params({ ...query, ...(offset > 0 ? { offset } : {}) });
    const body = user.answer(
      key,
      q,
      now,
      pageSize === undefined ? undefined : { [key]: pageSize },
    ) as ListBody;
    pages.push(body);
    rows.push(...(body[LIST_KEYS[key]] as Row[]));
    if (!body.more) return { rows, pages };
    offset = body.offset;
  }
  throw new Error("paging did not end");
}
