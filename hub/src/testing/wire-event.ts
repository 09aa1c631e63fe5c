import type { WireEvent } from "@fenceline/shared";

let counter = 0;

/** A flagged lookup as an agent would send it, for tests and benchmarks. */
export function wireEvent(overrides: Partial<WireEvent> = {}): WireEvent {
  counter++;
  return {
    id: `test-event-${process.pid}-${counter.toString().padStart(10, "0")}`,
    time: Date.now(),
    clientAddress: "10.1.2.3",
    group: "students",
    hostname: null,
    mac: null,
    name: `site-${counter}.test`,
    qtype: 1,
    outcome: "blocked",
    categories: ["adult"],
    monitored: [],
    list: "test-list",
    listVersion: "v1",
    rule: null,
    locked: false,
    detail: null,
    ...overrides,
  };
}
