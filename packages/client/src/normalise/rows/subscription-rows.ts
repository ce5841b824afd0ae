import { applis } from "../../catalogue/applis.js";
import type { NotifyListBody } from "../../types/notify.js";
import { num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * One notification subscription: the `"subscriptions"` dataset of `toRows` (notify list).
 * `appliKey` and `scope` come from the `applis` catalogue (`null` for unknown codes).
 *
 * @example
 * ```ts
 * toRows("subscriptions", { profiles: [{ appli: 44, callbackurl: "https://x.example/h", comment: null }] });
 * // [{ appli: 44, appliKey: "sleep", scope: "user.activity", callbackurl: "https://x.example/h",
 * //    comment: null, expires: null }]
 * ```
 */
export type SubscriptionRow = {
  appli: number;
  appliKey: string | null;
  scope: string | null;
  callbackurl: string;
  comment: string | null;
  /** Legacy epoch; `2147483647` means never. Kept as sent. */
  expires: number | null;
};

/**
 * Flattens a notify list body: one row per profile, in API order.
 *
 * @example
 * ```ts
 * // What toRows("subscriptions", body, options) runs:
 * subscriptionRows(body, new RowContext("toRows", options));
 * ```
 */
export function subscriptionRows(body: NotifyListBody, _ctx: RowContext): SubscriptionRow[] {
  return body.profiles.map((p) => {
    const info = applis.get(p.appli);
    return {
      appli: p.appli,
      appliKey: info?.key ?? null,
      scope: info?.scope ?? null,
      callbackurl: p.callbackurl,
      comment: str(p.comment),
      expires: num(p.expires),
    };
  });
}
