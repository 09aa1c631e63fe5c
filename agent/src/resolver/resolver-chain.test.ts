import { describe, expect, it } from "vitest";
import { resolverStages } from "./resolver-chain.ts";

describe("resolver chain", () => {
  it("runs its stages in the designed order", () => {
    const stub = {} as never;
    const names = resolverStages({
      log: stub,
      currentPolicy: stub,
      addresses: stub,
      sink: stub,
      circumvention: new Map(),
      safeSearchRules: new Map(),
      cache: stub,
      upstreams: stub,
      zones: stub,
      maxInFlight: 10,
    }).map((stage) => stage.name);
    expect(names).toEqual([
      "guardStage",
      "identifyStage",
      "recordOutcomeStage",
      "sanctionStage",
      "policyStage",
      "safeSearchStage",
      "answerCacheStage",
      "sharedLookupsStage",
      "conditionalUpstreamStage",
      "forwardUpstreamStage",
    ]);
  });
});
