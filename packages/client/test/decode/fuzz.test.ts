import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decoders } from "../../src/decode/decoders.js";
import type { EndpointKey } from "../../src/endpoints.js";
import { WithingsApiError } from "../../src/errors/withings-api-error.js";
import { WithingsResponseError } from "../../src/errors/withings-response-error.js";
import { decodeEnvelope } from "../../src/http/decode-envelope.js";
import { readAnswer } from "../fixtures/answers.js";
import { describeConformance, readCorpus } from "../helpers/conformance-corpus.js";

// Our own answers, at least one per body kind, recorded from the sandbox or written from
// the reference (test/fixtures/answers); the quirky ones give the mutations odd shapes to
// start from.
const OWN_SEEDS: readonly (readonly [file: string, key: EndpointKey])[] = [
  ["recorded/getmeas-page1.json", "measure.getmeas"],
  ["written/getmeas-weigh-ins.json", "measure.getmeas"],
  ["written/getmeas-categories.json", "measure.getmeas"],
  ["recorded/getactivity.json", "measure.getactivity"],
  ["written/getactivity-more-without-offset.json", "measure.getactivity"],
  ["recorded/getintradayactivity.json", "measure.getintradayactivity"],
  ["written/getintradayactivity-empty.json", "measure.getintradayactivity"],
  ["recorded/getworkouts.json", "measure.getworkouts"],
  ["written/getworkouts-sparse.json", "measure.getworkouts"],
  ["recorded/heart-list.json", "heart.list"],
  ["recorded/heart-get.json", "heart.get"],
  ["recorded/sleep-get.json", "sleep.get"],
  ["written/sleep-get-states.json", "sleep.get"],
  ["recorded/sleep-getsummary-page1.json", "sleep.getsummary"],
  ["written/sleep-getsummary-sparse.json", "sleep.getsummary"],
  ["recorded/getdevice.json", "user.getdevice"],
  ["written/getdevice-partial.json", "user.getdevice"],
  ["recorded/getgoals.json", "user.getgoals"],
  ["written/getgoals-empty-list.json", "user.getgoals"],
  ["recorded/notify-list.json", "notify.list"],
  ["recorded/notify-get.json", "notify.get"],
  ["recorded/oauth2-requesttoken.json", "oauth2.requesttoken"],
  ["written/oauth2-refresh-minimal.json", "oauth2.requesttoken"],
  ["recorded/signature-getnonce.json", "signature.getnonce"],
  ["recorded/notify-subscribe.json", "notify.subscribe"],
];

// Small real answers from the corpus, at least one per body kind; `under` wraps a bare list
// or map into a body, `body` marks a bare body object (see conformance.test.ts).
const CORPUS_SEEDS: readonly (readonly [file: string, key: EndpointKey, wrap?: string])[] = [
  ["astromechza__withings-to-mysql/getmeas.json", "measure.getmeas"],
  ["vangorra__python_withings_api/measure_getmeas.json", "measure.getmeas"],
  ["joostlek__python-withings/measurement_positions.json", "measure.getmeas", "measuregrps"],
  ["joostlek__python-withings/activity.json", "measure.getactivity"],
  ["astromechza__withings-to-mysql/getintraday.json", "measure.getintradayactivity"],
  ["joostlek__python-withings/workouts.json", "measure.getworkouts"],
  ["vangorra__python_withings_api/heart_list.json", "heart.list"],
  ["tomek-i__withings-sdk/heart_get.json", "heart.get"],
  ["vangorra__python_withings_api/sleep_get_model_16.json", "sleep.get"],
  ["tomek-i__withings-sdk/sleep_getsummary.json", "sleep.getsummary"],
  ["home-assistant__core/get_sleep.json", "sleep.getsummary", "body"],
  ["joostlek__python-withings/device.json", "user.getdevice"],
  ["joostlek__python-withings/goals.json", "user.getgoals"],
  ["joostlek__python-withings/no_goals.json", "user.getgoals"],
  ["joostlek__python-withings/notify_list.json", "notify.list"],
  ["vangorra__python_withings_api/notify_get_appli_16.json", "notify.get"],
  ["vangorra__python_withings_api/oauth2_requesttoken.json", "oauth2.requesttoken"],
  ["astromechza__withings-to-mysql/getnonce.json", "signature.getnonce"],
  ["joostlek__python-withings/notify_subscribe.json", "notify.subscribe"],
];

interface Seed {
  readonly key: EndpointKey;
  /** The answer as an envelope, to be cloned and mutated. */
  readonly envelope: Record<string, unknown>;
  /** The answer as text, to be cut. */
  readonly text: string;
}

/** Seeds from answer texts, read by `read`. */
function seeds(
  list: readonly (readonly [file: string, key: EndpointKey, wrap?: string])[],
  read: (file: string) => string,
): readonly Seed[] {
  return list.map(([file, key, wrap]) => seed(read(file), key, wrap));
}

function seed(text: string, key: EndpointKey, wrap: string | undefined): Seed {
  if (wrap === undefined) return { key, envelope: JSON.parse(text), text };
  const value: unknown = JSON.parse(text);
  const envelope = { status: 0, body: wrap === "body" ? value : { [wrap]: value } };
  return { key, envelope, text: JSON.stringify(envelope) };
}

/** Runs `decode`; only the client's typed answer errors may escape. */
function onlyTypedErrors(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (error instanceof WithingsApiError) return;
    if (error instanceof WithingsResponseError) {
      expect(error.path.startsWith("$")).toBe(true);
      return;
    }
    throw error;
  }
}

type Container = Record<string, unknown> | unknown[];
type Slot = readonly [Container, string | number];

function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      out.push([value, i]);
      slots(value[i], out);
    }
  } else if (typeof value === "object" && value !== null) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      out.push([obj, key]);
      slots(obj[key], out);
    }
  }
  return out;
}

const OPS = ["replace", "delete", "null", "as-text", "empty-list", "empty-object"] as const;

interface Mutation {
  readonly target: number;
  readonly op: (typeof OPS)[number];
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  target: fc.nat(),
  op: fc.constantFrom(...OPS),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>(
      "",
      "12",
      "-3",
      "1.5",
      "2019-01-01",
      "2019-02-30",
      "abc",
      1.5,
      -1,
      2 ** 53,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      [1, 2],
      { "1": [1] },
    ),
  ),
});

function replacement(op: Mutation["op"], current: unknown, value: unknown): unknown {
  switch (op) {
    case "replace":
      // A copy: inserting the same object twice would let a later mutation put it inside
      // itself, a cycle that no JSON text can produce.
      return structuredClone(value);
    case "as-text":
      return typeof current === "string" ? current : JSON.stringify(current);
    case "empty-list":
      return [];
    case "empty-object":
      return {};
    default:
      return null;
  }
}

function mutate(root: Record<string, unknown>, { target, op, value }: Mutation): void {
  const all = slots(root);
  const slot = all[target % all.length];
  if (slot === undefined) return;
  const [parent, key] = slot;
  if (Array.isArray(parent)) {
    const i = key as number;
    if (op === "delete") parent.splice(i, 1);
    else parent[i] = replacement(op, parent[i], value);
  } else {
    const k = key as string;
    if (op === "delete") delete parent[k];
    else parent[k] = replacement(op, parent[k], value);
  }
}

/** The three fuzz properties over one set of seeds. */
function fuzz(seeds: readonly Seed[]): void {
  it("throw only typed errors for mutated real answers", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          const envelope = structuredClone(seed.envelope);
          for (const m of mutations) mutate(envelope, m);
          const context = { action: seed.key };
          // As objects (NaN and Infinity survive), and through the wire as text.
          onlyTypedErrors(() => decoders[seed.key](envelope["body"], context));
          const text = JSON.stringify(envelope);
          onlyTypedErrors(() => decoders[seed.key](decodeEnvelope(text, context), context));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it("throw only typed errors for answers cut anywhere", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), (seed, n) => {
        const text = seed.text.slice(0, n % (seed.text.length + 1));
        onlyTypedErrors(() => decoders[seed.key](decodeEnvelope(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it("throw only typed errors for arbitrary text and JSON", () => {
    const keys = Object.keys(decoders) as EndpointKey[];
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(fc.string(), fc.json({ maxDepth: 3 })),
        (key, text) => {
          onlyTypedErrors(() => decoders[key](decodeEnvelope(text)));
          onlyTypedErrors(() => decoders[key](decodeEnvelope(`{"status":0,"body":${text}}`)));
        },
      ),
      { numRuns: 2000 },
    );
  });
}

describe("decoders under fuzzing: our own answers", () => {
  fuzz(seeds(OWN_SEEDS, readAnswer));
});

describeConformance("decoders under fuzzing", () => {
  fuzz(seeds(CORPUS_SEEDS, readCorpus));
});
