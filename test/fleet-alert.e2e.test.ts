import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./support/smtp-sink.ts";

const smtp = new SmtpSink();
let hub: ReturnType<typeof createHub>;

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores: openHubStores(":memory:"),
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("fenceline@hub.test"),
      alertJobs: { sweepSeconds: 0.1, digestAt: "16:00", agentOfflineAlertMinutes: 0.05 },
    },
  });
  const { services } = hub;
  services.enrolment.createSite("school-a", "Hillside School");
  await services.users.create({ email: "ict@hillside.test", name: "I", role: "ict-admin", sites: null });
  await services.users.create({ email: "dsl@hillside.test", name: "D", role: "dsl", sites: ["school-a"] });
  services.alerts.setSettings("school-a", {
    officeHours: { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], from: "00:00", to: "23:59" },
  });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  services.enrolment.enrol(token, "gw");
});

afterAll(async () => {
  await hub.services.alertSweeper.stop();
  hub.services.sender.close();
  await smtp.stop();
  hub.services.stores.close();
});

describe("ICT fleet alerts", () => {
  it("emails ICT once when an agent stops beating for longer than the limit, not again on later sweeps", async () => {
    const { services } = hub;
    const agentId = services.stores.fleet.siteAgents("school-a")[0]?.id as string;
    services.fleet.heartbeat(
      { id: agentId, siteId: "school-a" },
      {
        schemaVersion: 1,
        agentVersion: "0.1.0",
        uptimeSeconds: 60,
        queries: { blocked: 0, resolved: 1 },
        outbox: { depth: 0, dropped: 0 },
        upstreams: [{ url: "udp://1.1.1.1:53", healthy: true, lastError: null }],
        lists: { version: "abc", builtAt: new Date().toISOString(), lists: [] },
      },
    );
    services.alertSweeper.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.messages).toHaveLength(0);
    const [mail] = await smtp.waitFor(1, 8000);
    expect(mail?.to).toEqual(["ict@hillside.test"]);
    expect(mail?.subject).toMatch(/offline/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages).toHaveLength(1);
  }, 20_000);
});
