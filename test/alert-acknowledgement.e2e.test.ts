import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiLogin, sessionHeaders } from "./support/signin-hub.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

const PASSWORD = "a long test password";
/** The site's wait before an unacknowledged alert goes to the next person: 3 s, the least it takes. */
const WAIT_MINUTES = 0.05;
const smtp = new SmtpSink();
let hub: ReturnType<typeof createHub>;
let server: ReturnType<typeof serve>;
let url: string;
let agent: { id: string; siteId: string };
type Session = Awaited<ReturnType<typeof apiLogin>>;
const sessions = {} as Record<"dsl" | "deputy" | "ict", Session>;

beforeAll(async () => {
  await smtp.start();
  hub = createHub({
    stores: openHubStores(":memory:"),
    log: pino({ level: "silent" }),
    settings: {
      smtp: smtp.settings("fenceline@hub.test"),
      publicUrl: "https://hub.school.test",
      alertJobs: { sweepSeconds: 0.1, digestAt: "00:00", agentOfflineAlertMinutes: 10 },
    },
  });
  const { services } = hub;
  services.enrolment.createSite("school-a", "Hillside School");
  for (const [key, email, role] of [
    ["dsl", "dsl@hillside.test", "dsl"],
    ["deputy", "deputy@hillside.test", "deputy-dsl"],
    ["ict", "ict@hillside.test", "ict-admin"],
  ] as const)
    await services.users.create({ email, name: key, role, sites: ["school-a"], password: PASSWORD });
  services.alerts.setSettings("school-a", { escalateAfterMinutes: WAIT_MINUTES });
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  server = await new Promise((resolve) => {
    const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sessions.dsl = await apiLogin(url, "dsl@hillside.test", PASSWORD);
  sessions.deputy = await apiLogin(url, "deputy@hillside.test", PASSWORD);
  sessions.ict = await apiLogin(url, "ict@hillside.test", PASSWORD);
  services.alertSweeper.start();
}, 30_000);

afterAll(async () => {
  await hub.services.alertSweeper.stop();
  await new Promise((resolve) => server?.close(resolve));
  await hub.services.alerts.settle();
  hub.services.sender.close();
  await smtp.stop();
  hub.services.stores.close();
});

const acknowledge = (id: number, as: Session) =>
  fetch(`${url}/api/incidents/${id}/acknowledge`, { method: "POST", headers: sessionHeaders(as) });
const mailsTo = (email: string, id: number) =>
  smtp.messages.filter((m) => m.to.includes(email) && m.subject.includes(`#${id} `));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newestIncident = () => (hub.services.stores.incidents.list({ limit: 1 } as never)[0]?.id ?? 0) as number;

describe("acknowledging an alert over HTTP", () => {
  it("acknowledged by the DSL within the wait, it is never passed on to the deputy", async () => {
    hub.services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [wireEvent({ categories: ["self-harm"], clientAddress: "10.1.1.1" })],
    });
    await smtp.waitFor(1, 5000);
    const id = newestIncident();
    // Quoted-printable wraps long lines with a soft break ("=" at the end of a line).
    const text = mailsTo("dsl@hillside.test", id)[0]?.raw.replace(/=\r\n/g, "");
    expect(text).toContain(`https://hub.school.test/incidents/${id}/acknowledge`);
    const done = await acknowledge(id, sessions.dsl);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ incidentId: id, first: true, by: "dsl@hillside.test" });
    // Twice the wait, with the sweeper running every 0.1 s: an unacknowledged alert would have gone on.
    await pause(WAIT_MINUTES * 60_000 * 2);
    expect(mailsTo("deputy@hillside.test", id)).toEqual([]);
    expect(hub.services.stores.alertFollowUps.escalation(id)?.ended).toBe("acknowledged");
    // A second acknowledgement is told whose stands; the audit trail holds the first only.
    const again = await acknowledge(id, sessions.deputy);
    expect(await again.json()).toMatchObject({ first: false, by: "dsl@hillside.test" });
    expect(hub.services.stores.audit.page(0, 500, "alert.acknowledged")).toHaveLength(1);
    const shown = await fetch(`${url}/api/incidents/${id}/acknowledgement`, { headers: sessionHeaders(sessions.dsl) });
    expect(await shown.json()).toMatchObject({ acknowledgement: { by: "dsl@hillside.test" } });
  }, 20_000);

  it("ICT, alerted of repeated malware, acknowledges it from the email's link without reading incidents", async () => {
    const client = "10.2.2.2";
    const events = Array.from({ length: 5 }, () => wireEvent({ categories: ["malware"], clientAddress: client }));
    hub.services.ingest.ingest(agent, { schemaVersion: 1, events });
    const started = Date.now();
    let id = 0;
    while (Date.now() - started < 5000 && !(id && mailsTo("ict@hillside.test", id).length)) {
      id = newestIncident();
      await pause(20);
    }
    expect(mailsTo("ict@hillside.test", id)[0]?.subject).toMatch(/HIGH incident .*Malware/);
    expect((await fetch(`${url}/api/incidents/${id}`, { headers: sessionHeaders(sessions.ict) })).status).toBe(403);
    const pageOf = await fetch(`${url}/incidents/${id}/acknowledge`, {
      headers: { cookie: sessions.ict.cookie ?? "" },
    });
    expect(pageOf.status).toBe(200);
    const html = await pageOf.text();
    expect(html).toContain("Acknowledge the alert");
    expect(html).not.toContain(client);
    expect((await acknowledge(id, sessions.ict)).status).toBe(200);
    await pause(WAIT_MINUTES * 60_000 * 2);
    expect(mailsTo("dsl@hillside.test", id).filter((m) => /UNACKNOWLEDGED/.test(m.subject))).toEqual([]);
  }, 20_000);

  it("unacknowledged, a critical alert reaches the second person on the route after the wait, and only then", async () => {
    const event = wireEvent({ categories: ["child-abuse"], locked: true, clientAddress: "10.4.4.4" });
    hub.services.ingest.ingest(agent, { schemaVersion: 1, events: [event] });
    let id = 0;
    for (
      const started = Date.now();
      Date.now() - started < 5000 && !(id && mailsTo("dsl@hillside.test", id).length);
    ) {
      id = newestIncident();
      await pause(20);
    }
    const [first] = mailsTo("dsl@hillside.test", id);
    expect(first?.subject).toMatch(/CRITICAL incident/);
    expect(mailsTo("deputy@hillside.test", id)).toEqual([]);
    for (const started = Date.now(); Date.now() - started < 10_000 && !mailsTo("deputy@hillside.test", id).length; )
      await pause(20);
    const [second] = mailsTo("deputy@hillside.test", id);
    expect(second?.subject).toMatch(new RegExp(`UNACKNOWLEDGED CRITICAL incident #${id} `));
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(WAIT_MINUTES * 60_000 - 500);
    expect(second?.raw).not.toContain("10.4.4.4");
  }, 20_000);

  it("ICT cannot acknowledge an incident whose route did not alert it: it does not exist for them", async () => {
    hub.services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [wireEvent({ categories: ["extremism"], clientAddress: "10.3.3.3" })],
    });
    const id = newestIncident();
    expect((await acknowledge(id, sessions.ict)).status).toBe(404);
    expect(hub.services.stores.alertFollowUps.acknowledgement(id)).toBeUndefined();
  });
});

describe("the site's alert routes", () => {
  it("the DSL sees each route in the order tried and who each step reaches; ICT is refused", async () => {
    const response = await fetch(`${url}/api/sites/school-a/alerting/routes`, {
      headers: sessionHeaders(sessions.dsl),
    });
    expect(response.status).toBe(200);
    const { routes, escalateAfterMinutes } = (await response.json()) as {
      routes: { name: string; builtIn: boolean; steps: string[][] }[];
      escalateAfterMinutes: number;
    };
    expect(escalateAfterMinutes).toBe(WAIT_MINUTES);
    expect(routes.map((r) => [r.name, r.steps])).toEqual([
      ["Security (built in)", [["ict@hillside.test"], ["dsl@hillside.test"]]],
      ["Concern about staff (built in)", [["dsl@hillside.test"]]],
      ["Safeguarding (built in)", [["dsl@hillside.test"], ["deputy@hillside.test"]]],
    ]);
    const pageOf = await fetch(`${url}/sites/school-a/alerting`, { headers: { cookie: sessions.dsl.cookie ?? "" } });
    expect(await pageOf.text()).toMatch(
      /Safeguarding \(built in\)[\s\S]*1\. dsl@hillside\.test[\s\S]*2\. deputy@hillside\.test/,
    );
    const refused = await fetch(`${url}/api/sites/school-a/alerting/routes`, { headers: sessionHeaders(sessions.ict) });
    expect(refused.status).toBe(403);
  });
});
