import { hashSeed } from "../data/random/hash-seed.js";
import { SeededRandom } from "../data/random/seeded-random.js";
import { activityId } from "../data/records/activity-id.js";
import type { ResolvedCloudBehaviour } from "../types/cloud-behaviour.js";
import type { CloudPaging } from "./cloud-action.js";
import { CLOUD_ACTIONS } from "./cloud-actions.js";
import type { ListActionKey } from "./list-action-key.js";

/**
 * What {@link AnswerLies.apply} did to one list answer.
 *
 * @example
 * ```ts
 * const { body, hiddenMore, omitted }: LieOutcome = lies.apply("heart.list", "30000001", body);
 * ```
 */
export interface LieOutcome {
  readonly body: object;
  /** `more` said no while rows remained. */
  readonly hiddenMore: boolean;
  /** One record was left out. */
  readonly omitted: boolean;
}

// A row of a list answer, with the fields its identity is read from.
interface Row {
  readonly [key: string]: unknown;
  readonly grpid?: unknown;
  readonly id?: unknown;
  readonly modified?: unknown;
  readonly ecg?: { readonly signalid?: unknown };
  readonly date?: unknown;
}

/**
 * The lies of single HTTP list answers (never part of the data layer's truth):
 * - `hiddenMore`: a page with rows says there is no more (`more: 0` / `false`) while rows
 *   remain, the offset still the real next one (reference §1.13: "`more`/`offset` sometimes
 *   say 'no more' while more rows exist");
 * - `omission`: the answer leaves out one of its records (a transient omission,
 *   docs/sync-guarantees.md), never the same version (id and `modified`) of a record twice.
 *
 * Two streams seeded from the cloud seed, one draw each per list answer whatever the
 * answer, so the same sequence of requests meets the same lies.
 *
 * @example
 * ```ts
 * const lies = new AnswerLies(resolveCloudBehaviour({ hiddenMore: 1 }, defaultCloudBehaviour(1)));
 * lies.apply("measure.getmeas", "30000001", { measuregrps: [g1, g2], more: 1, offset: 2 }).body;
 * // { measuregrps: [g1, g2], more: 0, offset: 2 }
 * ```
 */
export class AnswerLies {
  readonly #behaviour: ResolvedCloudBehaviour;
  readonly #hidden: SeededRandom;
  readonly #omission: SeededRandom;
  readonly #omitted: Set<string>;

  /**
   * @param omitted - the versions already left out, kept across behaviour changes so that no
   *   version is ever left out twice.
   */
  constructor(
    behaviour: ResolvedCloudBehaviour,
    streams?: AnswerLies,
    omitted: Set<string> = new Set(),
  ) {
    this.#behaviour = behaviour;
    this.#omitted = omitted;
    // The streams go on across behaviour changes unless the seed changes.
    if (streams !== undefined && streams.#behaviour.seed === behaviour.seed) {
      this.#hidden = streams.#hidden;
      this.#omission = streams.#omission;
    } else {
      this.#hidden = new SeededRandom(hashSeed(behaviour.seed, "hidden-more"));
      this.#omission = new SeededRandom(hashSeed(behaviour.seed, "omission"));
    }
  }

  /** The same lies under another behaviour: streams (unless the seed changed) and omissions kept. */
  with(behaviour: ResolvedCloudBehaviour): AnswerLies {
    return new AnswerLies(behaviour, this, this.#omitted);
  }

  /** Lies about one list answer of `userid`, or tells the truth. */
  apply(key: ListActionKey, userid: string, body: object): LieOutcome {
    const hide = this.#hidden.next() < this.#behaviour.hiddenMore;
    const omit = this.#omission.next() < this.#behaviour.omission;
    if (!hide && !omit) return { body, hiddenMore: false, omitted: false };
    const paging: CloudPaging = CLOUD_ACTIONS[key].paging;
    const fields = body as Readonly<Record<string, unknown>>;
    let rows = fields[paging.listKey];
    if (!Array.isArray(rows)) return { body, hiddenMore: false, omitted: false };
    let out: Record<string, unknown> = fields;
    let omitted = false;
    if (omit) {
      const versions = (rows as Row[]).map((row) => versionOf(key, userid, row));
      const open = versions.flatMap((v, i) => (this.#omitted.has(v) ? [] : [i]));
      if (open.length > 0) {
        const at = open[Math.floor(this.#omission.next() * open.length)]!;
        this.#omitted.add(versions[at]!);
        rows = (rows as unknown[]).filter((_, i) => i !== at);
        out = { ...out, [paging.listKey]: rows };
        omitted = true;
      }
    }
    let hiddenMore = false;
    if (hide && (rows as unknown[]).length > 0 && fields["more"]) {
      out = { ...out, more: paging.more === "int" ? 0 : false };
      hiddenMore = true;
    }
    return { body: out, hiddenMore, omitted };
  }
}

// The version of a record as the answer shows it: its id and its `modified`.
function versionOf(key: ListActionKey, userid: string, row: Row): string {
  let id: unknown;
  switch (key) {
    case "measure.getmeas":
      id = row.grpid;
      break;
    case "measure.getactivity":
      id =
        typeof row.date === "string"
          ? activityId({
              date: row.date,
              brand: numberOr(row["brand"]),
              modelid: numberOr(row["modelid"]),
            })
          : row.date;
      break;
    case "heart.list":
      id = row.ecg?.signalid;
      break;
    default:
      id = row.id;
  }
  return `${userid}\n${key}\n${String(id)}\n${String(row.modified)}`;
}

function numberOr(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}
