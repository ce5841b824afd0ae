import type { ErrorContext } from "../errors/withings-error.js";
import { WithingsResponseError } from "../errors/withings-response-error.js";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Where a decoder is in a body, kept as a chain of nodes and rendered to a JSONPath-like
 * string (`$.body.measuregrps[3].measures[0].value`) only when an error is thrown.
 *
 * Loops over arrays and keyed maps allocate one node per container (never one per field or
 * per scalar) and move its {@link DecodePath.sub} cursor in place, so decoding a clean body
 * builds no strings. The root node carries the {@link ErrorContext} for the errors.
 *
 * @example
 * ```ts
 * const root = DecodePath.root({ action: "measure.getmeas" });
 * const groups = root.child("measuregrps");
 * groups.sub = 3;
 * groups.render("grpid"); // "$.body.measuregrps[3].grpid"
 * ```
 */
export class DecodePath {
  readonly parent: DecodePath | undefined;
  /** The object key this node stands for; `undefined` for the items of a nested array. */
  readonly key: string | undefined;
  /**
   * The array index or map key being visited below `key`, moved by loops; `undefined` when
   * the node stands for the value at `key` itself.
   */
  sub: number | string | undefined;
  readonly context: ErrorContext | undefined;

  constructor(parent: DecodePath | undefined, key: string | undefined, context?: ErrorContext) {
    this.parent = parent;
    this.key = key;
    this.sub = undefined;
    this.context = context;
  }

  /**
   * The path of a response body, rendered `$.body`.
   *
   * @example
   * ```ts
   * DecodePath.root().render("nonce"); // "$.body.nonce"
   * ```
   */
  static root(context?: ErrorContext): DecodePath {
    return new DecodePath(undefined, "$.body", context);
  }

  /**
   * The path of the value at `key` below the current position of this node.
   *
   * @example
   * ```ts
   * DecodePath.root().child("goals").render("steps"); // "$.body.goals.steps"
   * ```
   */
  child(key: string): DecodePath {
    return new DecodePath(this, key);
  }

  /**
   * A cursor over the items of the array found at this node's current position, for arrays
   * nested in arrays or maps (`night_events["1"][0]`).
   *
   * @example
   * ```ts
   * const events = DecodePath.root().child("night_events");
   * events.sub = "1";
   * const items = events.items();
   * items.sub = 0;
   * items.render(); // '$.body.night_events["1"][0]'
   * ```
   */
  items(): DecodePath {
    return new DecodePath(this, undefined);
  }

  /**
   * Renders the path, with `key` appended when given.
   *
   * @example
   * ```ts
   * DecodePath.root().child("series").render(); // "$.body.series"
   * ```
   */
  render(key?: string): string {
    let text = key === undefined ? "" : segment(key);
    for (let node: DecodePath | undefined = this; node !== undefined; node = node.parent) {
      // Map keys (epoch seconds, event types) always in brackets: they are data, not fields.
      const sub =
        node.sub === undefined
          ? ""
          : typeof node.sub === "number"
            ? `[${node.sub}]`
            : quote(node.sub);
      const own =
        node.key === undefined ? "" : node.parent === undefined ? node.key : segment(node.key);
      text = own + sub + text;
    }
    return text;
  }

  /**
   * A `"shape"` {@link WithingsResponseError} at this path (or at `key` below it), with the
   * root's error context.
   *
   * @example
   * ```ts
   * throw DecodePath.root().error("nonce", "expected a string, got null");
   * ```
   */
  error(key: string | undefined, detail: string): WithingsResponseError {
    let root: DecodePath = this;
    while (root.parent !== undefined) root = root.parent;
    return new WithingsResponseError("shape", this.render(key), detail, root.context);
  }
}

function segment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : quote(key);
}

function quote(key: string): string {
  // A key comes from the answer: cap it so that a hostile one cannot flood logs.
  return `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
}
