// Shared helpers of the cloud-behaviour tests (not a test file itself).

import { defaultCloudBehaviour } from "../../src/cloud/default-cloud-behaviour.js";
import type { ListActionKey } from "../../src/cloud/list-action-key.js";
import { resolveCloudBehaviour } from "../../src/cloud/resolve-cloud-behaviour.js";
import { generateUser, type Profile, type SandboxUserData } from "../../src/data/index.js";
import type { CloudBehaviour } from "../../src/types/cloud-behaviour.js";
import { LIST_KEYS, NOW, params, type Row } from "../data/helpers.js";

/** A fresh synthetic user whose data answers with this cloud behaviour. */
export function cloudUser(
  cloud: CloudBehaviour,
  profile: Profile = "vitals-study",
  years = 1,
  seed = 5,
): SandboxUserData {
  const user = generateUser({ profile, years, seed, userId: `cloud-${seed}`, now: NOW });
  user.useCloud(resolveCloudBehaviour(cloud, defaultCloudBehaviour(1)));
  return user;
}

/** One page of a list answer as the data layer gives it. */
export interface Page {
  readonly rows: Row[];
  readonly more: number | boolean;
  readonly offset: number;
}

/** Asks one page of a list action at an offset (none for the first page). */
export function page(
  user: SandboxUserData,
  key: ListActionKey,
  query: Record<string, string | number>,
  offset: number | undefined,
  now = NOW,
): Page {
  const body = user.answer(
    key,
    params({ ...query, ...(offset === undefined ? {} : { offset }) }),
    now,
  ) as Record<string, unknown>;
  return {
    rows: body[LIST_KEYS[key]] as Row[],
    more: body["more"] as number | boolean,
    offset: body["offset"] as number,
  };
}

/** Follows `more`/`offset` from the first page to the end, whatever the offsets mean. */
export function walkPages(
  user: SandboxUserData,
  key: ListActionKey,
  query: Record<string, string | number>,
  now = NOW,
): Page[] {
  const pages: Page[] = [];
  let offset: number | undefined;
  for (let guard = 0; guard < 20_000; guard++) {
    const next = page(user, key, query, offset, now);
    pages.push(next);
    if (!next.more) return pages;
    offset = next.offset;
  }
  throw new Error("paging did not end");
}

/** The identity of a row of a list action. */
export function rowId(key: ListActionKey, row: Row): string {
  switch (key) {
    case "measure.getmeas":
      return String(row.grpid);
    case "measure.getactivity":
      return `${String(row.date)}|${String(row["brand"] ?? "")}|${String(row["modelid"] ?? "")}`;
    case "heart.list":
      return String((row.ecg as { signalid: number }).signalid);
    default:
      return String(row.id);
  }
}

/** A query over a recent stretch of history, per list action. */
export const RECENT: Record<ListActionKey, Record<string, string | number>> = {
  "measure.getmeas": { lastupdate: NOW - 40 * 86_400 },
  "measure.getactivity": { lastupdate: NOW - 40 * 86_400 },
  "measure.getworkouts": { lastupdate: NOW - 90 * 86_400 },
  "heart.list": { startdate: NOW - 200 * 86_400, enddate: NOW },
  "sleep.getsummary": { lastupdate: NOW - 40 * 86_400 },
};
