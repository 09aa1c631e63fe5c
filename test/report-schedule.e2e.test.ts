import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { seedEvents } from "@fenceline/hub/src/testing/seed-activity.ts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./support/smtp-sink.ts";

const smtp = new SmtpSink();
const stores = openHubStores(":memory:");
let hub: ReturnType<typeof createHub>;
const ict = { userId: "u", email: "ict@school.test", role: "ict-admin" as const, sites: null };
const dsl = { userId: "d", email: "dsl@school.test", role: "dsl" as const, sites: null };

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("fenceline@school.test"),
      publicUrl: "https://hub.school.test",
    },
  });
  const { services } = hub;
  services.alerts.notify = () => {};
  services.enrolment.createSite("school-a", "Hillside School");
  for (const [email, role] of [
    ["dsl@school.test", "dsl"],
    ["deputy@school.test", "deputy-dsl"],
    ["chair@school.test", "board"],
    ["ict@school.test", "ict-admin"],
    ["auditor@school.test", "auditor"],
  ] as const)
    await services.users.create({ email, name: email, role, sites: null });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  seedEvents(services, agent, { count: 500, end: Date.now(), days: 6, seed: 3 });
});

afterAll(async () => {
  hub.actions.reportSchedules.stop();
  hub.services.sender.close();
  await smtp.stop();
  stores.close();
});

describe("scheduled reports", () => {
  it("email an aggregate report, attached, to the chosen roles that may read it", async () => {
    const schedule = hub.actions.reportSchedules.add(ict, {
      kind: "weekly-ict",
      cron: "0 7 * * 1",
      roles: ["ict-admin", "board"],
      sites: [],
    });
    const before = smtp.messages.length;
    const sent = await hub.actions.reportSchedules.run(schedule);
    expect(sent.sort()).toEqual(["chair@school.test", "ict@school.test"]);
    const mail = smtp.messages.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toMatch(/Weekly filtering and monitoring report/);
    expect(mail[0]?.raw).toMatch(/Content-Disposition: attachment; filename=weekly-ict-\d+\.html/);
    expect(hub.services.stores.reports.list(10)[0]).toMatchObject({
      kind: "weekly-ict",
      generatedBy: `schedule ${schedule.id}`,
    });
  });

  it("send a report holding cases as a link only, so no identity travels by email", async () => {
    const schedule = hub.actions.reportSchedules.add(dsl, {
      kind: "dsl-digest",
      cron: "0 7 * * 1",
      roles: ["dsl", "deputy-dsl"],
      sites: [],
    });
    const before = smtp.messages.length;
    await hub.actions.reportSchedules.run(schedule);
    const [mail] = smtp.messages.slice(before);
    expect(mail?.to.sort()).toEqual(["deputy@school.test", "dsl@school.test"]);
    expect(mail?.raw).toMatch(/Sign in to read it/);
    expect(mail?.raw).toMatch(/https:\/\/hub\.school\.test\/reports\/\d+/);
    expect(mail?.raw).not.toMatch(/attachment/i);
    expect(mail?.raw).not.toMatch(/10\.3\.0\./);
  });

  it("refuse roles that may not read the report, a bad cron, and schedulers without the permission", () => {
    expect(() =>
      hub.actions.reportSchedules.add(dsl, { kind: "dsl-digest", cron: "0 7 * * 1", roles: ["board"], sites: [] }),
    ).toThrow(/board role\(s\) may not read/);
    expect(() =>
      hub.actions.reportSchedules.add(ict, {
        kind: "weekly-ict",
        cron: "every monday",
        roles: ["ict-admin"],
        sites: [],
      }),
    ).toThrow(/not a cron schedule/);
    expect(() =>
      hub.actions.reportSchedules.add(ict, { kind: "dsl-digest", cron: "0 7 * * 1", roles: ["dsl"], sites: [] }),
    ).toThrow(/reports:safeguarding/);
  });
});
