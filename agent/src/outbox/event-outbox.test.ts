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
  it("keeps batches in order across a restart, and forgets them once acknowledged", () => {
    const file = path();
    const first = new EventOutbox(file, 100);
    first.append([
      { id: "a", ...event("a.test") },
      { id: "b", ...event("b.test") },
    ]);
    first.append([{ id: "c", ...event("c.test") }]);
    first.close();
    const second = new EventOutbox(file, 100);
    const batches = second.peek(10);
    expect(batches.map((b) => b.events.map((e) => e.name))).toEqual([["a.test", "b.test"], ["c.test"]]);
    expect(second.depth).toBe(3);
    second.acknowledge(batches[0]?.seq as number);
    expect(second.peek(10).flatMap((b) => b.events.map((e) => e.id))).toEqual(["c"]);
    expect(second.depth).toBe(1);
    second.acknowledge(batches[1]?.seq as number);
    expect(second.depth).toBe(0);
    second.append([{ id: "d", ...event("d.test") }]);
    expect(second.depth).toBe(1);
    second.close();
  });

  it("drops the oldest batches past its bound and counts the events dropped, across restarts", () => {
    const file = path();
    const outbox = new EventOutbox(file, 4);
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `e${from + i}`, ...event(`e${from + i}.test`) }));
    expect(outbox.append(batch(0, 2))).toBe(0);
    expect(outbox.append(batch(2, 2))).toBe(0);
    expect(outbox.append(batch(4, 1))).toBe(2);
    expect(outbox.peek(10).flatMap((b) => b.events.map((e) => e.id))).toEqual(["e2", "e3", "e4"]);
    expect(outbox.depth).toBe(3);
    outbox.close();
    const reopened = new EventOutbox(file, 4);
    reopened.append(batch(5, 3));
    expect(reopened.dropped).toBe(4);
    expect(reopened.depth).toBe(4);
    reopened.close();
  });
});

describe("EventOutbox migrations", () => {
  it("rewrites batches stored as {id, event} into the hub's form, ids kept", async () => {
    const Database = (await import("better-sqlite3")).default;
    const file = path();
    const v2 = new Database(file);
    v2.exec(`
      CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, count INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO counters (name, value) VALUES ('dropped', 0);
      PRAGMA user_version = 2;
    `);
    const batch = [
      { id: "v2-a", event: event("a.test") },
      { id: "v2-b", event: event("b.test") },
    ];
    v2.prepare("INSERT INTO outbox (count, body) VALUES (?, ?)").run(2, JSON.stringify(batch));
    v2.close();
    const outbox = new EventOutbox(file, 100);
    const [row] = outbox.rows(10);
    expect(row?.count).toBe(2);
    expect(JSON.parse(row?.body ?? "[]")).toEqual([
      { id: "v2-a", ...event("a.test") },
      { id: "v2-b", ...event("b.test") },
    ]);
    expect(outbox.depth).toBe(2);
    outbox.close();
  });

  it("carries events waiting in a one-row-per-event file over to batches", async () => {
    const Database = (await import("better-sqlite3")).default;
    const file = path();
    const old = new Database(file);
    old.exec(`
      CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO counters (name, value) VALUES ('dropped', 7);
    `);
    old.prepare("INSERT INTO outbox (id, body) VALUES (?, ?)").run("old-1", JSON.stringify(event("old.test")));
    old.close();
    const outbox = new EventOutbox(file, 100);
    expect(outbox.peek(10).flatMap((b) => b.events.map((e) => [e.id, e.name]))).toEqual([["old-1", "old.test"]]);
    expect(outbox.dropped).toBe(7);
    outbox.close();
  });
});
