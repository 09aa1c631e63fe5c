import { describe, expect, it } from "vitest";
import { checkStages, resolverStages } from "./resolver-chain.ts";

const stub = {} as never;
const deps = {
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
};

describe("resolver chain", () => {
  it("runs its stages in the designed order", () => {
    const names = resolverStages(deps).map((stage) => stage.name);
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

  it("answers checks with the same decisions, as the named group, recording nothing", () => {
    const names = checkStages(deps).map((stage) => stage.name);
    expect(names).toEqual([
      "guardStage",
      "asGroupStage",
      "policyStage",
      "safeSearchStage",
      "answerCacheStage",
      "sharedLookupsStage",
      "conditionalUpstreamStage",
      "forwardUpstreamStage",
    ]);
  });
});
