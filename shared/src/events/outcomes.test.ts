import { describe, expect, it } from "vitest";
import { heartbeatSchema, wireEventSchema } from "./event-batch.ts";
import { isOutcome, OUTCOMES } from "./outcomes.ts";

const event = {
  id: "event-0001",
  time: 1_700_000_000_000,
  clientAddress: "10.0.0.1",
  group: "students",
  hostname: null,
  mac: null,
  name: "example.test",
  qtype: 1,
  categories: [],
  monitored: [],
  list: null,
  listVersion: null,
  rule: null,
  locked: false,
  detail: null,
};
const beat = {
  schemaVersion: 2,
  agentVersion: "1",
  uptimeSeconds: 1,
  queries: {},
  outbox: { depth: 0, dropped: 0 },
  upstreams: [],
  lists: { version: "v", builtAt: "t", lists: [] },
};

describe("outcomes", () => {
  const cases: [string, boolean][] = [
    ...OUTCOMES.map((outcome): [string, boolean] => [outcome, true]),
    ["refused", false],
    ["Blocked", false],
    ["", false],
  ];
  it.each(cases)("%j is an outcome: %s, on an event and in a heartbeat's counts", (outcome, expected) => {
    expect(isOutcome(outcome)).toBe(expected);
    expect(wireEventSchema.safeParse({ ...event, outcome }).success).toBe(expected);
    const counts = [{ outcome, group: "students", label: "adult", n: 1 }];
    expect(heartbeatSchema.safeParse({ ...beat, counts }).success).toBe(expected);
  });
});
