// Decoding + normalising a 4,096-group getmeas answer, measured against a bare JSON.parse
// of the same text in the same run. Target (issue 2): the whole decode costs no more than
// twice JSON.parse, i.e. the extra work costs no more than the parse itself.
//
//   node --conditions=source --import tsx bench/decode-getmeas.ts

import { decoders } from "../packages/client/src/decode/decoders.js";
import { decodeEnvelope } from "../packages/client/src/http/decode-envelope.js";
import { toRows } from "../packages/client/src/normalise/to-rows.js";
import { SeededRandom } from "../packages/sandbox/src/data/seeded-random.js";
import { median } from "./stats.js";

const GROUPS = 4096;
const rng = new SeededRandom(42);
const random = () => rng.next();

function hex(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

// Shaped like the real captures: BPM Core pairs with pulse, scale groups with body
// composition, Thermo temperatures, nullable devices, mixed exponents (quirk Q18).
function group(i: number) {
  const date = 1_700_000_000 - i * 7_200;
  const kind = i % 4;
  const device = kind === 3 ? null : hex(40);
  const measures =
    kind === 0
      ? [
          { value: 120 + (i % 20), type: 10, unit: 0, algo: 0, fm: 3 },
          { value: 7_900 + (i % 900), type: 9, unit: -2, algo: 0, fm: 3 },
          { value: 62 + (i % 30), type: 11, unit: 0, algo: 0, fm: 3 },
        ]
      : kind === 1
        ? [1, 5, 6, 8, 76, 77, 88].map((type, j) => ({
            value: 70_000 + ((i * 31 + j * 977) % 9_000),
            type,
            unit: j === 2 ? -3 : -3 + (i % 2),
            algo: 0,
            fm: 5,
          }))
        : [{ value: 36_500 + (i % 1_500), type: 71, unit: -3, algo: 0, fm: 0 }];
  return {
    grpid: 5_423_702_714 - i,
    attrib: i % 17 === 0 ? 1 : 0,
    date,
    created: date + 60,
    modified: date + 60,
    category: 1,
    deviceid: device,
    hash_deviceid: device,
    measures,
    modelid: kind === 0 ? 44 : kind === 1 ? 10 : null,
    model: kind === 0 ? "BPM Core" : kind === 1 ? "Body Scan" : null,
    comment: null,
  };
}

const text = JSON.stringify({
  status: 0,
  body: {
    updatetime: 1_700_000_100,
    timezone: "Europe/Berlin",
    measuregrps: Array.from({ length: GROUPS }, (_, i) => group(i)),
    more: 0,
    offset: 0,
  },
});

function timeParse(): number {
  const start = process.hrtime.bigint();
  JSON.parse(text);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let rows = 0;
function timeDecode(): number {
  const start = process.hrtime.bigint();
  const body = decoders["measure.getmeas"](decodeEnvelope(text));
  rows = toRows("measures", body).length;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

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
console.log(
  JSON.stringify(
    {
      bench: "decode-getmeas",
      groups: GROUPS,
      rows,
      bytes: text.length,
      jsonParseMs: Number(p.toFixed(3)),
      decodeAndNormaliseMs: Number(d.toFixed(3)),
      ratio: Number((d / p).toFixed(2)),
      target: "<= 2.0",
    },
    null,
    2,
  ),
);
