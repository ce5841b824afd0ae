// One synthetic getmeas group, shaped like the real captures: BPM Core pairs with pulse,
// Body Scan weigh-ins with body composition (some segmental, with positions) and mixed
// exponents (quirk Q18), thermometer readings, null devices. Shared by the benchmarks so
// that they measure the same data.

import { SeededRandom } from "../packages/sandbox/src/data/random/seeded-random.js";

const rng = new SeededRandom(42);

function hex(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}

/** The `i`-th group of a newest-first getmeas answer, two hours apart. */
export function syntheticMeasGroup(i: number) {
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
        ? [
            ...[1, 5, 6, 8, 76, 77, 88].map((type, j) => ({
              value: 70_000 + ((i * 31 + j * 977) % 9_000),
              type,
              unit: -3 + (i % 2),
              algo: 0,
              fm: 5,
            })),
            ...[2, 3, 10, 11].map((position) => ({
              value: 3_000 + position,
              type: 174,
              unit: -3,
              position,
            })),
          ]
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
