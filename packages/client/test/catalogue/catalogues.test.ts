import { describe, expect, it } from "vitest";
import { afibClassifications } from "../../src/catalogue/afib-classifications.js";
import { applis } from "../../src/catalogue/applis.js";
import { attributions, isAmbiguousAttrib } from "../../src/catalogue/attributions.js";
import { categories } from "../../src/catalogue/categories.js";
import { deviceModels } from "../../src/catalogue/device-models.js";
import { positions } from "../../src/catalogue/positions.js";
import { sleepDeviceClasses } from "../../src/catalogue/sleep-device-classes.js";
import { sleepStates } from "../../src/catalogue/sleep-states.js";
import { workoutCategories } from "../../src/catalogue/workout-categories.js";
import { endpoints } from "../../src/endpoints.js";
import { datasetEndpoints } from "../../src/normalise/datasets.js";

describe("attributions", () => {
  it("knows the documented codes and 3, 8, 15, 17", () => {
    expect([...attributions.keys()]).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 15, 17]);
    expect(attributions.get(3)?.documented).toBe(false);
    expect(attributions.get(17)?.documented).toBe(false);
    expect(attributions.get(8)?.documented).toBe(true);
  });

  it("treats exactly 1 and 4 as ambiguous (Q20)", () => {
    for (let code = -1; code < 40; code++) {
      expect(isAmbiguousAttrib(code)).toBe(code === 1 || code === 4);
      const info = attributions.get(code);
      if (info) expect(info.ambiguous).toBe(code === 1 || code === 4);
    }
  });
});

describe("small catalogues", () => {
  it("categories: 1 real, 2 objective", () => {
    expect(categories.get(1)?.key).toBe("real");
    expect(categories.get(2)?.key).toBe("objective");
    expect(categories.size).toBe(2);
  });

  it("positions: 0–31 including 7 (whole body, not in the spec)", () => {
    expect([...positions.keys()]).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(positions.get(7)).toMatchObject({ key: "wholeBody", documented: false });
    expect(positions.get(12)?.name).toBe("Torso");
    expect(positions.get(31)?.key).toBe("holdLeft");
  });

  it("workout categories: the full table of §2.8", () => {
    expect(workoutCategories.size).toBe(130);
    expect(workoutCategories.get(1)?.key).toBe("walk");
    expect(workoutCategories.get(36)?.key).toBe("other");
    expect(workoutCategories.get(128)?.key).toBe("noActivity");
    expect(workoutCategories.get(272)?.name).toBe("Multi-sport");
    expect(workoutCategories.get(506)?.name).toBe("Pétanque");
    expect(workoutCategories.get(550)?.name).toBe("HIIT");
    expect(workoutCategories.get(568)?.key).toBe("cooking");
    expect(workoutCategories.has(533)).toBe(false);
    const keys = [...workoutCategories.values()].map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("device models: names, the Q11 examples and doubtful names flagged", () => {
    expect(deviceModels.get(5)?.name).toBe("Body+");
    expect(deviceModels.get(13)?.name).toBe("Sleep Analyzer");
    expect(deviceModels.get(94)?.name).toBe("ScanWatch 2");
    expect(deviceModels.get(1063)?.name).toBe("Lingo Sensor");
    expect(deviceModels.get(14)?.confirmed).toBe(false);
    expect(deviceModels.get(15)?.confirmed).toBe(false);
    expect(deviceModels.get(44)?.confirmed).toBe(true);
  });

  it("sleep states, device classes and AFib classes", () => {
    expect([...sleepStates.keys()]).toEqual([0, 1, 2, 3, 4, 5, 15]);
    expect(sleepStates.get(15)?.key).toBe("outOfBed");
    expect(sleepDeviceClasses.get(32)?.key).toBe("sleepMonitor");
    expect([...afibClassifications.keys()]).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(afibClassifications.get(8)?.key).toBe("inconclusiveUs");
  });
});

describe("applis", () => {
  it("uses the codes of §3.1, not the llms.md table", () => {
    expect(applis.get(1)?.key).toBe("weight");
    expect(applis.get(4)?.key).toBe("pressure");
    expect(applis.get(16)?.key).toBe("activity");
    expect(applis.get(44)?.key).toBe("sleep");
    expect(applis.get(46)?.key).toBe("user");
    expect(applis.get(54)?.key).toBe("ecg");
    expect([...applis.keys()]).toEqual([
      1, 2, 4, 16, 44, 46, 50, 51, 52, 53, 54, 55, 58, 60, 61, 62, 63, 98, 99, 100,
    ]);
  });

  it("gives the scope and what to re-read", () => {
    expect(applis.get(1)).toMatchObject({
      scope: "user.metrics",
      endpoints: ["measure.getmeas"],
      datasets: ["measures"],
      confirmed: true,
    });
    expect(applis.get(16)?.endpoints).toEqual([
      "measure.getactivity",
      "measure.getintradayactivity",
      "measure.getworkouts",
    ]);
    expect(applis.get(44)?.datasets).toEqual(["sleep", "sleep_summaries"]);
    expect(applis.get(50)).toMatchObject({ scope: "user.sleepevents", endpoints: [] });
    expect(applis.get(53)).toMatchObject({ scope: null, contracted: true });
    expect(applis.get(63)?.confirmed).toBe(false);
    expect(applis.get(58)?.endpoints).toEqual(["measure.getmeas"]);
  });

  it("names only real endpoints, and each dataset's endpoint is re-read", () => {
    for (const info of applis.values()) {
      for (const key of info.endpoints) expect(Object.keys(endpoints)).toContain(key);
      for (const dataset of info.datasets)
        expect(info.endpoints).toContain(datasetEndpoints[dataset]);
    }
  });
});
