/**
 * One webhook subscription: a user, an app, an `appli` and a callback URL (reference §1.12).
 *
 * @example
 * ```ts
 * const s: SubscriptionRecord = { clientId: "app", userid: "1", appli: 4, callbackurl: "https://x/h", comment: null };
 * ```
 */
export interface SubscriptionRecord {
  readonly clientId: string;
  readonly userid: string;
  readonly appli: number;
  readonly callbackurl: string;
  readonly comment: string | null;
}

/**
 * Webhook subscriptions, one per user × app × appli × callback URL. Subscribing twice with the
 * same triple replaces the comment rather than failing (the real behaviour is unconfirmed,
 * reference §3.4; idempotence is the safe guess for clients that retry subscribe).
 *
 * @example
 * ```ts
 * const subs = new SubscriptionRegistry();
 * subs.add({ clientId: "app", userid: "1", appli: 1, callbackurl: "https://x/hook", comment: null });
 * subs.matching("1", 1).length; // 1
 * ```
 */
export class SubscriptionRegistry {
  #records: SubscriptionRecord[] = [];

  /** Adds a subscription, or updates the comment of the identical one. */
  add(record: SubscriptionRecord): void {
    const index = this.#indexOf(record.clientId, record.userid, record.appli, record.callbackurl);
    if (index >= 0) this.#records[index] = record;
    else this.#records.push(record);
  }

  /** The subscription of this user and app for `appli` at `callbackurl`. */
  find(
    clientId: string,
    userid: string,
    appli: number,
    callbackurl: string,
  ): SubscriptionRecord | undefined {
    return this.#records[this.#indexOf(clientId, userid, appli, callbackurl)];
  }

  /** The user's subscriptions with this app, optionally for one `appli`. */
  list(clientId: string, userid: string, appli?: number): SubscriptionRecord[] {
    return this.#records.filter(
      (r) =>
        r.clientId === clientId &&
        r.userid === userid &&
        (appli === undefined || r.appli === appli),
    );
  }

  /**
   * Removes the user's subscriptions with this app at `callbackurl`, for one `appli` or, when it
   * is omitted, for every appli; answers how many went.
   */
  remove(clientId: string, userid: string, callbackurl: string, appli?: number): number {
    const before = this.#records.length;
    this.#records = this.#records.filter(
      (r) =>
        !(
          r.clientId === clientId &&
          r.userid === userid &&
          r.callbackurl === callbackurl &&
          (appli === undefined || r.appli === appli)
        ),
    );
    return before - this.#records.length;
  }

  /** Replaces one subscription by another (notify update). */
  replace(previous: SubscriptionRecord, next: SubscriptionRecord): void {
    this.#records = this.#records.filter((r) => r !== previous);
    this.add(next);
  }

  /** Drops every subscription of the user with this app (oauth2 revoke). */
  dropUser(clientId: string, userid: string): number {
    const before = this.#records.length;
    this.#records = this.#records.filter((r) => !(r.clientId === clientId && r.userid === userid));
    return before - this.#records.length;
  }

  /** Every subscription, of any app, that a change of `userid`'s data for `appli` notifies. */
  matching(userid: string, appli: number): SubscriptionRecord[] {
    return this.#records.filter((r) => r.userid === userid && r.appli === appli);
  }

  /** How many subscriptions exist. */
  size(): number {
    return this.#records.length;
  }

  #indexOf(clientId: string, userid: string, appli: number, callbackurl: string): number {
    return this.#records.findIndex(
      (r) =>
        r.clientId === clientId &&
        r.userid === userid &&
        r.appli === appli &&
        r.callbackurl === callbackurl,
    );
  }
}
