import { afterAll } from "vitest";
import { closeLeftoverTestStores } from "./test-stores.ts";

// Setup file of the hub's test projects: after each test file, the stores it left open are closed.
afterAll(closeLeftoverTestStores);
