import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./support/smtp-sink.ts";

const smtp = new SmtpSink();
let hub: ReturnType<typeof createHub>;
let agent: { id: string; siteId: string };

beforeAll(async () => {
  await smtp.start();
  const stores = openHubStores(":memory:");
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("fenceline@hub.test"),
      alertJobs: { sweepSeconds: 0.1, digestAt: "00:00", agentOfflineAlertMinutes: 10 },
    },
  });
  const { services } = hub;
  services.enrolment.createSite("school-a", "Hillside School");
  await services.users.create({ email: "dsl@hillside.test", name: "D", role: "dsl", sites: ["school-a"] });
  await services.users.create({ email: "deputy@hillside.test", name: "P", role: "deputy-dsl", sites: ["school-a"] });
  await services.users.create({ email: "ict@hillside.test", name: "I", role: "ict-admin", sites: null });
  services.alerts.setSettings("school-a", { escalateAfterMinutes: 0.05 });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  services.enrolment.enrol(token, "gw");
  agent = { id: services.stores.fleet.siteAgents("school-a")[0]?.id as string, siteId: "school-a" };
  services.alertSweeper.start();
});

afterAll(async () => {
  await hub.services.alertSweeper.stop();
  await hub.services.alerts.settle();
  hub.services.sender.close();
  await smtp.stop();
  hub.services.stores.close();
});

describe("alert routing and escalation", () => {
  it("alerts the DSL at once and the deputy only after the wait passes unacknowledged", async () => {
    hub.services.ingest.ingest(agent, { schemaVersion: 1, events: [wireEvent({ categories: ["self-harm"] })] });
    const [first] = await smtp.waitFor(1, 5000);
    expect(first?.to).toEqual(["dsl@hillside.test"]);
    // The wait is 3 s: the deputy's email comes after it, not before.
    const second = (await smtp.waitFor(2, 10_000))[1];
    expect(second?.to).toEqual(["deputy@hillside.test"]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(2500);
    expect(second?.subject).toMatch(/UNACKNOWLEDGED HIGH incident #1/);
    // The sink has the email as soon as it is sent; the hub records it just after.
    const emailed = () => hub.services.stores.alerts.forIncident(1).filter((a) => a.channel === "email");
    for (const started = Date.now(); emailed().length < 2 && Date.now() - started < 2000; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const alerts = emailed();
    expect(alerts.map((a) => [a.step, a.status])).toEqual([
      [1, "sent"],
      [2, "sent"],
    ]);
  }, 20_000);

  it("sends medium incidents in the digest, not at once, and malware to ICT rather than the DSL", async () => {
    const before = smtp.messages.length;
    hub.services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [
        wireEvent({ categories: ["gambling"], clientAddress: "10.9.9.1" }),
        wireEvent({ categories: ["malware"], clientAddress: "10.9.9.2" }),
      ],
    });
    const mails = (await smtp.waitFor(before + 2, 5000)).slice(before);
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail.subject).toMatch(/Daily digest: 1 incident/);
    expect(mails.map((m) => m.to).sort()).toEqual([["dsl@hillside.test"], ["ict@hillside.test"]]);
    expect(mails.find((m) => m.to.includes("ict@hillside.test"))?.raw).toContain("Malware");
    expect(mails.map((m) => m.raw).join("")).not.toContain("10.9.9.");
  }, 20_000);
});
