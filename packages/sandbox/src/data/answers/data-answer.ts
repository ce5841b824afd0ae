import type { EndpointResults, Goals, IntradaySample } from "@withings-kit/client";
import type { ListActionKey } from "../../cloud/list-action-key.js";
import type { AnswerNotes } from "../detail-lag/answer-notes.js";
import type { QueryParams } from "../queries/query-params.js";
import type { UserDataStore } from "../records/user-data-store.js";
import type { DataEndpointKey } from "./data-endpoint-key.js";

// Where the wire body differs from the decoded body the client reads: an empty map is sent
// as the PHP-style empty array (Q12), and a user without goals gets `"goals": []`
// (aiowithings no_goals.json). Every other action's body is the client's type as is.
interface WireQuirks {
  readonly "measure.getintradayactivity": {
    readonly series: Readonly<Record<string, IntradaySample>> | readonly [];
  };
  readonly "user.getgoals": { readonly goals: Goals | readonly [] };
}

/**
 * The response `body` the sandbox sends for a data action: the client's result type for the
 * action (`EndpointResults`), widened where the real cloud's wire form is not what the
 * client decodes it to.
 *
 * @example
 * ```ts
 * const body: AnswerBody<"user.getgoals"> = { goals: [] };
 * ```
 */
export type AnswerBody<K extends DataEndpointKey> = K extends keyof WireQuirks
  ? WireQuirks[K]
  : EndpointResults[K];

/**
 * What one call of an answer gets beside the store and the request's parameters.
 *
 * @example
 * ```ts
 * const context: AnswerContext = { pageSizes: { "measure.getmeas": 10 }, notes: { lateDetail: 0 } };
 * ```
 */
export interface AnswerContext {
  /** Rows per page per list action for this call only (the cloud behaviour's by default). */
  readonly pageSizes?: Partial<Record<ListActionKey, number>> | undefined;
  /** Told how much detail the detail lag held back. */
  readonly notes?: AnswerNotes | undefined;
}

/**
 * The answer of one data action: reads the user's store (generating the days the query
 * reaches) and returns the body at `now`. A bad request throws `SandboxParamError`.
 *
 * @example
 * ```ts
 * const answer: DataAnswer<"user.getgoals"> = (store) => ({ goals: store.goals ?? [] });
 * ```
 */
export type DataAnswer<K extends DataEndpointKey> = (
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
) => AnswerBody<K>;
