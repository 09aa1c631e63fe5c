import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../actions/index.ts";
import { formatLocalTime } from "../../domain/local-time.ts";
import type { Role } from "../../domain/roles.ts";
import { createHub } from "../../hub-app.ts";
import { openTempStores } from "../../store/temp-stores.ts";
import { identityRows } from "../../testing/identity-rows.ts";
import { TEST_PASSWORD } from "../../testing/password-user.ts";
import { wireEvent } from "../../testing/wire-event.ts";

const HOUR = 3_600_000;

/**
 * Pat (pupil number UPN-1) has a laptop and a phone at school-a and is known at school-b by the
 * same pupil number: incidents from both devices, an earlier one, one at school-b.
 */
async function setup() {
  const { stores, file } = openTempStores();
  const hub = createHub({ stores, log: pino({ level: "silent" }) });
  hub.services.alerts.notify = () => {};
  const rows = identityRows(file);
  const agents: Record<string, { id: string; siteId: string }> = {};
  for (const siteId of ["school-a", "school-b"]) {
    hub.actions.sites.create(SYSTEM_ACTOR, { id: siteId, name: siteId });
    const { token } = hub.actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId });
    agents[siteId] = { id: hub.actions.agents.enrol({ token, name: "gw" }).agentId, siteId };
  }
  const policy = {
    defaultGroup: "students",
    groups: [
      { id: "students", kind: "student", cidrs: ["10.0.0.0/8"] },
      { id: "students-ks3", kind: "student" },
    ],
    directoryGroups: [{ directoryGroup: "year 9", group: "students-ks3" }],
  };
  hub.actions.policy.replace(SYSTEM_ACTOR, { siteId: "school-a", policy, reason: "the first policy" });
  const pat = rows.person("school-a", { displayName: "Pat Pupil", externalId: "UPN-1", yearGroup: "Year 9" });
  const patAtB = rows.person("school-b", { displayName: "Pat Pupil", externalId: "UPN-1" });
  rows.device("school-a", { mac: "aa:00:00:00:00:01", ownerId: pat });
  rows.device("school-a", { mac: "aa:00:00:00:00:02", ownerId: pat });
  rows.close();
  const t = Date.now() - 5 * HOUR;
  const send = (siteId: string, events: ReturnType<typeof wireEvent>[]) =>
    hub.actions.agents.sendEvents(agents[siteId] as never, { schemaVersion: 3, events });
  send("school-a", [
    wireEvent({ time: t, mac: "aa:00:00:00:00:01", clientAddress: "10.0.0.9", categories: ["adult"] }),
  ]);
  send("school-b", [wireEvent({ time: t + HOUR, person: String(patAtB), categories: ["gambling"] })]);
  send("school-a", [
    wireEvent({ time: t + 3 * HOUR, mac: "aa:00:00:00:00:01", clientAddress: "10.0.0.5", categories: ["self-harm"] }),
    wireEvent({
      time: t + 3 * HOUR + 60_000,
      mac: "aa:00:00:00:00:02",
      clientAddress: "10.0.3.7",
      categories: ["self-harm"],
    }),
  ]);
  const all = hub.actions.incidents.list(SYSTEM_ACTOR);
  const current = all.find((i) => i.category === "self-harm");
  const earlier = all.find((i) => i.category === "adult");
  const atB = all.find((i) => i.siteId === "school-b");
  const pageAs = async (role: Role, sites: string[] | null, path = `/incidents/${current?.id}`) => {
    const email = `${role}-${sites?.join("-") ?? "all"}@school.test`;
    await hub.services.users.create({ email, name: role, role, sites, password: TEST_PASSWORD });
    const login = await hub.app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email, password: TEST_PASSWORD, next: "/" }),
    });
    const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
    return hub.app.request(path, { headers: { cookie } });
  };
  const textAs = async (role: Role, sites: string[] | null, path?: string) => {
    const response = await pageAs(role, sites, path);
    expect(response.status).toBe(200);
    return response.text();
  };
  return { hub, current, earlier, atB, pageAs, textAs, pat };
}

describe("the incident page's person section", () => {
  it("shows the DSL one incident for both devices, and the person's earlier incidents across sites, newest first", async () => {
    const { current, earlier, atB, textAs } = await setup();
    expect(current?.eventCount).toBe(2);
    const text = await textAs("dsl", null);
    expect(text).toContain("Person: Pat Pupil (Year 9)");
    const history = text.slice(text.indexOf("Earlier incidents of this person"));
    const atBLink = history.indexOf(`href="/incidents/${atB?.id}"`);
    const earlierLink = history.indexOf(`href="/incidents/${earlier?.id}"`);
    expect(atBLink).toBeGreaterThan(0);
    expect(earlierLink).toBeGreaterThan(atBLink);
    expect(text).toContain("Watch or sanction this person");
    expect(text).toContain("Filtered as policy group <strong>students-ks3</strong>");
    const queue = await textAs("deputy-dsl", null, "/incidents");
    expect(queue).toContain(`Pat Pupil (Year 9) · 10.0.0.5</td>`);
  });

  it("leaves out the other site's incident for a DSL of school-a only", async () => {
    const { earlier, atB, textAs } = await setup();
    const text = await textAs("dsl", ["school-a"]);
    expect(text).toContain(`href="/incidents/${earlier?.id}"`);
    expect(text).not.toContain(`href="/incidents/${atB?.id}"`);
  });

  it("shows ICT, which lacks people:read, nothing of the person: neither the page nor the action", async () => {
    const { pageAs, hub, current } = await setup();
    const response = await pageAs("ict-admin", null);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("Pat Pupil");
    const ict = { userId: "u", email: "ict@school.test", role: "ict-admin" as const, sites: null };
    expect(() => hub.actions.incidents.person(ict, { id: Number(current?.id) })).toThrow(/permission/);
  });

  it("shows the watch, overdue when its review date has passed, and a sanction with its end in the site's zone", async () => {
    const { hub, pat, current, textAs } = await setup();
    hub.services.stores.personWatch.set({
      personId: pat,
      reason: "searches about self-harm",
      reviewOn: "2026-01-05",
      setBy: "dsl@school.test",
      setAt: "2026-01-01T09:00:00.000Z",
    });
    const endsAt = new Date(Date.now() + 2 * 86_400_000);
    endsAt.setUTCHours(16, 0, 0, 0);
    hub.actions.sanctions.set(SYSTEM_ACTOR, {
      siteId: "school-a",
      personId: pat,
      reason: "misuse",
      endsAt: endsAt.toISOString(),
      allow: ["classroom.example"],
      incidentId: Number(current?.id),
    });
    const text = await textAs("deputy-dsl", null);
    expect(text).toContain("On the watch list</strong>: searches about self-harm · review on 2026-01-05");
    expect(text).toContain("(review overdue)");
    const until = formatLocalTime(endsAt.toISOString(), "Europe/London");
    expect(text).toMatch(new RegExp(`in force</td><td>[^<]+</td><td>${until}</td><td>classroom.example`));
    // The change log shows the sanction without a version of its own: the document did not change.
    const log = await textAs("dsl", null, "/sites/school-a/policy");
    expect(log).toMatch(/<tr><td>–<\/td><td>[^<]+<\/td><td>system<\/td><td>sanction #1 set for person #1 until/);
    expect(log).toMatch(/<tr><td>1<\/td><td>[^<]+<\/td><td>system<\/td><td>the first policy<\/td>/);
  });
});
