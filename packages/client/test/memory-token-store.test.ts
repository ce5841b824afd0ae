import { MemoryTokenStore } from "../src/auth/token-store.js";
import { describeTokenStoreContract } from "./helpers/token-store-contract.js";

describeTokenStoreContract("MemoryTokenStore", {
  async create() {
    const store = new MemoryTokenStore();
    // Memory has nothing to reopen: the same instance is what a reader would see.
    return { store, reopen: async () => store };
  },
});
