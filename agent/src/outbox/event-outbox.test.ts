import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OutcomeEvent } from "../events/outcome-event.ts";
import { EventOutbox } from "./event-outbox.ts";

const path = () => join(mkdtempSync(join(tmpdir(), "fenceline-outbox-")), "outbox.sqlite");
const event = (name: string): OutcomeEvent => ({
  time: 1_700_000_000_000,
  clientAddress: "10.0.0.1",
  group: "students",
  hostname: null,
  mac: null,
  name,
  qtype: 1,
  outcome: "blocked",
  categories: ["adult"],
  monitored: [],
  list: "x",
  listVersion: "v",
  rule: name,
  locked: false,
  detail: null,
});

describe("EventOutbox", () => {
  it("keeps events in order across a restart, and forgets them once acknowledged", () => {
    const file = path();
    const first = new EventOutbox(file, 100);
    first.append([
      { id: "a", event: event("a.test") },
      { id: "b", event: event("b.test") },
    ]);
    first.close();
    const second = new EventOutbox(file, 100);
    const rows = second.peek(10);
    expect(rows.map((r) => r.event.name)).toEqual(["a.test", "b.test"]);
    second.acknowledge(rows[0]?.seq as number);
    expect(second.peek(10).map((r) => r.id)).toEqual(["b"]);
    second.close();
  });

  it("stores an event id once", () => {
    const outbox = new EventOutbox(path(), 100);
    outbox.append([{ id: "same", event: event("x.test") }]);
    outbox.append([{ id: "same", event: event("x.test") }]);
    expect(outbox.depth).toBe(1);
    outbox.close();
  });

  it("drops the oldest past its bound and counts the drops, across restarts", () => {
    const file = path();
    const outbox = new EventOutbox(file, 3);
    expect(outbox.append(Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, event: event(`e${i}.test`) })))).toBe(2);
    expect(outbox.peek(10).map((r) => r.id)).toEqual(["e2", "e3", "e4"]);
    outbox.close();
    const reopened = new EventOutbox(file, 3);
    reopened.append([{ id: "e5", event: event("e5.test") }]);
    expect(reopened.dropped).toBe(3);
    expect(reopened.depth).toBe(3);
    reopened.close();
  });
});
