import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventOutbox } from "@fenceline/agent/src/outbox/event-outbox.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STUDENT, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";

const file = join(mkdtempSync(join(tmpdir(), "fenceline-outbox-e2e-")), "outbox.sqlite");

describe("flagged events reach the durable outbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ outbox: { file, maxEvents: 1000, flushMs: 20 } });
  });
  afterAll(() => h.stop());

  it("moves each flagged lookup into SQLite, with an id, and leaves allowed ones out", async () => {
    await ask(h.dns, "selfharm.test", { from: STUDENT });
    await ask(h.dns, "allowed.test", { from: STUDENT });
    await ask(h.dns, "www.google.com", { from: STUDENT });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rows = (h.agent.outbox?.peek(10) ?? []).flatMap((batch) => batch.events);
    expect(rows.map((r) => [r.name, r.outcome])).toEqual([
      ["selfharm.test", "blocked"],
      ["www.google.com", "safesearch"],
    ]);
    expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps them after the agent stops", async () => {
    await h.stop();
    const reopened = new EventOutbox(file, 1000);
    expect(reopened.depth).toBe(2);
    reopened.close();
    h = await startHarness({ outbox: { file, maxEvents: 1000, flushMs: 20 } });
  });
});

describe("a burst of flagged events", () => {
  let h: Harness;
  const burstFile = join(mkdtempSync(join(tmpdir(), "fenceline-outbox-burst-")), "outbox.sqlite");
  beforeAll(async () => {
    // A flush timer far longer than the test: only the "a row's worth is waiting" rule can move them.
    h = await startHarness({ outbox: { file: burstFile, maxEvents: 10_000, flushMs: 10_000 } });
  });
  afterAll(() => h.stop());

  it("is stored as soon as a row's worth (100) is waiting, without waiting for the flush timer", async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => ask(h.dns, `n${i}.selfharm.test`, { from: STUDENT })));
    const started = Date.now();
    while ((h.agent.outbox?.depth ?? 0) < 100 && Date.now() - started < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(h.agent.outbox?.depth).toBe(100);
    expect(h.agent.events.size).toBe(0);
  });
});
