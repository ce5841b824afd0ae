import type { Notification } from "./notification.js";

/**
 * What {@link parseNotification} made of a body: the fields it could read, and what was
 * wrong with the others (empty for a well-formed body).
 *
 * @example
 * ```ts
 * const { notification, problems } = parseNotification("userid=1&appli=x");
 * problems; // ["appli is not an integer"]
 * ```
 */
export interface ParsedNotification {
  readonly notification: Notification;
  readonly problems: readonly string[];
}

const DIGITS = /^\d{1,20}$/;
const EPOCH = /^\d{1,12}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Values are short in real notifications; a long one is kept cut, never whole.
const MAX_TEXT = 128;

/**
 * Reads a notification's form body (`application/x-www-form-urlencoded`). Never throws:
 * every field is optional, a field that does not parse is left out and named in
 * `problems`, and a body that is not a form at all gives an empty notification with a
 * problem, so the receiver can still answer and record it.
 *
 * @example
 * ```ts
 * parseNotification("userid=123456&appli=4&startdate=1700000000&enddate=1700000300").notification;
 * // { userid: "123456", appli: 4, startdate: 1700000000, enddate: 1700000300 }
 * ```
 */
export function parseNotification(body: string): ParsedNotification {
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(body);
  } catch {
    return { notification: {}, problems: ["the body is not a form"] };
  }
  const problems: string[] = [];
  const out: { -readonly [K in keyof Notification]: Notification[K] } = {};
  const text = (name: string): string | undefined => {
    const value = form.get(name);
    if (value === null || value === "") return undefined;
    return value.trim().slice(0, MAX_TEXT);
  };
  const userid = text("userid");
  if (userid !== undefined) {
    if (DIGITS.test(userid)) out.userid = userid;
    else problems.push("userid is not a number");
  }
  const appli = text("appli");
  if (appli !== undefined) {
    const n = Number(appli);
    if (/^\d{1,4}$/.test(appli) && Number.isSafeInteger(n)) out.appli = n;
    else problems.push("appli is not an integer");
  }
  for (const name of ["startdate", "enddate"] as const) {
    const value = text(name);
    if (value === undefined) continue;
    if (EPOCH.test(value)) out[name] = Number(value);
    else problems.push(`${name} is not an epoch`);
  }
  const date = text("date");
  if (date !== undefined) {
    if (DAY.test(date) || EPOCH.test(date)) out.date = date;
    else problems.push("date is neither YYYY-MM-DD nor an epoch");
  }
  const deviceid = text("deviceid");
  if (deviceid !== undefined) out.deviceid = deviceid;
  const action = text("action");
  if (action !== undefined) out.action = action;
  return { notification: out, problems };
}
