import { describe, expect, it } from "vitest";
import { addPasswordUser, TEST_PASSWORD } from "../testing/password-user.ts";
import { JULY, twoZoneHub } from "../testing/two-zone-hub.ts";
import { wireEvent } from "../testing/wire-event.ts";

/** Two sites, one in London and one in Berlin, each with a self-harm look-up at 09:30 UTC; a signed-in DSL. */
async function hubWithTwoZones() {
  const { app, services } = twoZoneHub();
  for (const id of ["school-a", "school-b"]) {
    const { token } = services.enrolment.issueEnrolmentToken(id);
    const agent = { id: services.enrolment.enrol(token, `${id}-gw`).agentId, siteId: id };
    services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [wireEvent({ time: JULY.getTime(), categories: ["self-harm"], name: `${id}.test` })],
    });
  }
  services.alerts.notify = () => {};
  const email = await addPasswordUser(services);
  const login = await app.request("/login", {
    method: "POST",
    body: new URLSearchParams({ email, password: TEST_PASSWORD, next: "/" }),
  });
  const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
  return async (path: string) => {
    const response = await app.request(path, { headers: { cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };
}

describe("dashboard times in the site's time zone, labelled", () => {
  it("the policy change log shows a July change as BST in London and CEST in Berlin", async () => {
    const get = await hubWithTwoZones();
    expect(await get("/sites/school-a/policy")).toContain("2026-07-01 10:30 BST");
    const berlin = await get("/sites/school-b/policy");
    expect(berlin).toContain("2026-07-01 11:30 CEST");
    expect(berlin).not.toContain("BST");
  });

  it("the events page and CSV show each row in its site's zone; the CSV keeps the UTC instant", async () => {
    const get = await hubWithTwoZones();
    const events = await get("/events");
    expect(events).toContain("2026-07-01 10:30 BST");
    expect(events).toContain("2026-07-01 11:30 CEST");
    const csv = await get("/events.csv");
    expect(csv.split("\r\n")[0]).toMatch(/^time \(UTC\),local time \(site's zone\),site,/);
    expect(csv).toContain("2026-07-01T09:30:00.000Z,2026-07-01 10:30 BST,school-a,");
  });

  it("the incident queue and an incident's page show its times in BST", async () => {
    const get = await hubWithTwoZones();
    const queue = await get("/incidents");
    expect(queue).toContain("2026-07-01 10:30 BST");
    const ids = [...queue.matchAll(/href="\/incidents\/(\d+)"/g)].map((m) => m[1]);
    const pages = await Promise.all(ids.map((id) => get(`/incidents/${id}`)));
    const london = pages.find((p) => p.includes("site school-a"));
    expect(london).toContain("look-up(s) from 2026-07-01 10:30 BST to 2026-07-01 10:30 BST");
    expect(pages.find((p) => p.includes("site school-b"))).toContain("from 2026-07-01 11:30 CEST");
  });
});
