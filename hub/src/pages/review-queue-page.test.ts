import { describe, expect, it } from "vitest";
import { authorisationFixture } from "../testing/authorisation-fixture.ts";

const fx = await authorisationFixture();
const site = fx.a;

async function open(role: "dsl" | "ict-admin" | "auditor", path: string, form?: Record<string, string>) {
  const session = fx.sessions[role];
  return fx.hub.app.request(path, {
    method: form ? "POST" : "GET",
    headers: { cookie: session.cookie },
    ...(form ? { body: new URLSearchParams({ ...form, _csrf: session.csrf }) } : {}),
  });
}
const messageOf = (response: Response, key: "done" | "error") =>
  new URL(response.headers.get("location") ?? "", "http://hub").searchParams.get(key);

describe("the review queue page", () => {
  const queue = `/sites/${site.siteId}/review-requests`;

  it("shows ICT the pending request with its forms, and the auditor the request without them", async () => {
    const ict = await (await open("ict-admin", queue)).text();
    expect(ict).toContain(`games-of-${site.siteId}.test`);
    expect(ict).toContain(`${queue}/${site.requestId}/approve`);
    const auditor = await (await open("auditor", queue)).text();
    expect(auditor).toContain(`games-of-${site.siteId}.test`);
    expect(auditor).not.toContain(`${queue}/${site.requestId}/approve`);
  });

  it("refuses a bad approval with a message, approves for hours, and records a got-through report", async () => {
    const approve = `${queue}/${site.requestId}/approve`;
    const bad = await open("ict-admin", approve, { scope: "students", hours: "soon", reason: "for a lesson" });
    expect(messageOf(bad, "error")).toMatch(/invalid/);
    const refusedByDsl = await open("dsl", approve, { scope: "students", hours: "2", reason: "for a lesson" });
    expect(refusedByDsl.headers.get("location")).toMatch(/policy%3Amanage/);
    const done = await open("ict-admin", approve, { scope: "students", hours: "2", reason: "for a lesson" });
    expect(messageOf(done, "done")).toMatch(/Approved as policy version \d+/);
    const request = fx.hub.services.reviewRequests.get(Number(site.requestId));
    expect(request).toMatchObject({ status: "approved", scope: "students", addedTo: ["students"] });
    const hours = (Date.parse(request?.until ?? "") - Date.parse(request?.decidedAt ?? "")) / 3_600_000;
    expect(hours).toBeCloseTo(2, 3);
    const shown = await (await open("ict-admin", queue)).text();
    expect(shown).toContain("approved by");

    const reported = await open("dsl", queue, { name: "slipped.example", reason: "a pupil found it", category: "" });
    expect(messageOf(reported, "done")).toMatch(/Reported as request \d+/);
    expect(await (await open("dsl", queue)).text()).toContain("slipped.example");
  });
});
