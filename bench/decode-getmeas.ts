// Decoding + normalising a 4,096-group getmeas answer, measured against a bare JSON.parse
// of the same text in the same run. Target (issue 2): the whole decode costs no more than
// twice JSON.parse, i.e. the extra work costs no more than the parse itself.
//
// Two inputs: a real account's 2,062 groups (the aiowithings capture in the conformance
// corpus, read in place) cycled to 4,096 groups with fresh grpids, and a denser synthetic
// mix in which a quarter of the groups are Body Scan weigh-ins with segmental measures.
//
//   node --conditions=source --import tsx bench/decode-getmeas.ts

import { readFileSync } from "node:fs";
import { decoders } from "../packages/client/src/decode/decoders.js";
import { decodeEnvelope } from "../packages/client/src/http/decode-envelope.js";
import { toRows } from "../packages/client/src/normalise/to-rows.js";
import { corpusFile } from "../packages/client/test/helpers/conformance-corpus.js";
import { median } from "./stats.js";
import { syntheticMeasGroup } from "./synthetic-meas-group.js";

const GROUPS = 4096;
const CAPTURE = corpusFile("joostlek__python-withings/measurement_list.json");

function answer(groups: readonly object[], timezone: string): string {
  return JSON.stringify({
    status: 0,
    body: { updatetime: 1_700_000_100, timezone, measuregrps: groups, more: 0, offset: 0 },
  });
}

function realGroups(): object[] {
  const real = JSON.parse(readFileSync(CAPTURE, "utf8")) as { grpid: number }[];
  return Array.from({ length: GROUPS }, (_, i) => {
    const group = real[i % real.length]!;
    return { ...group, grpid: group.grpid + Math.floor(i / real.length) * 1_000_000_000 };
  });
}

function measure(name: string, text: string) {
  const timeParse = () => {
    const start = process.hrtime.bigint();
    JSON.parse(text);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  let rows = 0;
  const timeDecode = () => {
    const start = process.hrtime.bigint();
    rows = toRows("measures", decoders["measure.getmeas"](decodeEnvelope(text))).length;
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  // Warm both paths, then alternate so that machine noise hits both alike.
  for (let i = 0; i < 30; i++) {
    timeParse();
    timeDecode();
  }
  const parse: number[] = [];
  const decode: number[] = [];
  for (let i = 0; i < 200; i++) {
    parse.push(timeParse());
    decode.push(timeDecode());
  }
  const p = median(parse);
  const d = median(decode);
  return {
    input: name,
    groups: GROUPS,
    rows,
    bytes: text.length,
    jsonParseMs: Number(p.toFixed(3)),
    decodeAndNormaliseMs: Number(d.toFixed(3)),
    ratio: Number((d / p).toFixed(2)),
  };
}

const results = [
  measure("real capture, cycled", answer(realGroups(), "Europe/Amsterdam")),
  measure(
    "synthetic, segmental-heavy",
    answer(
      Array.from({ length: GROUPS }, (_, i) => syntheticMeasGroup(i)),
      "Europe/Berlin",
    ),
  ),
];
console.log(JSON.stringify({ bench: "decode-getmeas", target: "ratio <= 2.0", results }, null, 2));
