import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./support/smtp-sink.ts";

const smtp = new SmtpSink();
beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

const dsl = { userId: "u", email: "dsl@school.test", role: "dsl" as const, sites: null };

async function setup(start: string) {
  let now = new Date(start);
  const stores = openHubStores(":memory:");
  const hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    now: () => now,
    settings: { smtp: smtp.settings("hub@school.test") },
  });
  hub.services.enrolment.createSite("school-a", "School A");
  await hub.services.users.create({ email: "dsl@school.test", name: "DSL", role: "dsl", sites: null });
  hub.services.alerts.setSettings("school-a", { outOfHours: [{ name: "On call", email: "on-call@school.test" }] });
  const { token } = hub.services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: hub.services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  return {
    hub,
    advance: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    lookup: async (category: string) => {
      hub.services.ingest.ingest(agent, {
        schemaVersion: 1,
        events: [wireEvent({ time: now.getTime(), categories: [category] })],
      });
      await hub.services.alerts.settle();
    },
  };
}

describe("alert throttling and out-of-hours contacts", () => {
  it("sends one alert per client and category in ten minutes, and reports the held-back count with the next", async () => {
    // A Monday at 10:00 in London: office hours, so only the DSL.
    const { hub, advance, lookup } = await setup("2026-11-23T10:00:00Z");
    const before = smtp.messages.length;
    await lookup("extremism");
    for (let i = 0; i < 2; i++) {
      const [latest] = hub.actions.incidents.list(dsl, { limit: 1 });
      hub.actions.incidents.addEntry(dsl, {
        id: latest?.id as number,
        entry: { kind: "transition", to: "no-further-action", note: "seen" },
      });
      advance(3);
      await lookup("extremism");
    }
    expect(smtp.messages.length - before).toBe(1);
    expect(smtp.messages.at(-1)?.to).toEqual(["dsl@school.test"]);
    const [latest] = hub.actions.incidents.list(dsl, { limit: 1 });
    hub.actions.incidents.addEntry(dsl, {
      id: latest?.id as number,
      entry: { kind: "transition", to: "no-further-action", note: "seen" },
    });
    advance(11);
    await lookup("extremism");
    expect(smtp.messages.length - before).toBe(2);
    expect(smtp.messages.at(-1)?.raw).toMatch(/2 further alert\(s\) for this client and category were held back/);
    // A different category is not held back by the first.
    await lookup("self-harm");
    expect(smtp.messages.length - before).toBe(3);
  });

  it("adds the out-of-hours contacts at night and at weekends", async () => {
    const { lookup } = await setup("2026-11-21T23:30:00Z");
    const before = smtp.messages.length;
    await lookup("self-harm");
    expect(smtp.messages.length - before).toBe(1);
    expect(smtp.messages.at(-1)?.to.sort()).toEqual(["dsl@school.test", "on-call@school.test"]);
  });

  it("does not alert below the configured grade", async () => {
    const { lookup } = await setup("2026-11-23T10:00:00Z");
    const before = smtp.messages.length;
    await lookup("gambling");
    expect(smtp.messages.length - before).toBe(0);
  });
});
