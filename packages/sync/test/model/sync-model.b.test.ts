// One part of the model-based check of docs/sync-guarantees.md (see guarantee-search.ts); the
// parts run on different cores with different seeds.
import { describe } from "vitest";
import { searchGuarantee } from "./guarantee-search.js";

describe("sync engine model, part b", () => {
  searchGuarantee("sync-model.b.test.ts", 1);
});
