import { describe, expect, it } from "vitest";
import { authorisationFixture } from "../testing/authorisation-fixture.ts";
import { checkItem, checkResult } from "../testing/check-hub.ts";

const fx = await authorisationFixture();
const site = fx.a;
const agent = { id: site.agentId, siteId: site.siteId };
const canary = checkItem({
  category: "terrorism",
  name: "secret-canary.school.test",
  canary: true,
  outcome: "resolved",
});
fx.hub.services.filterChecks.record(
  agent,
  site.runId,
  checkResult([canary, checkItem()], [{ group: "students", category: "gambling", why: "no-names" }]),
);

async function open(role: "dsl" | "ict-admin" | "board", path: string, form?: Record<string, string>) {
  const session = fx.sessions[role];
  return fx.hub.app.request(path, {
    method: form ? "POST" : "GET",
    headers: { cookie: session.cookie },
    ...(form ? { body: new URLSearchParams({ ...form, _csrf: session.csrf }) } : {}),
  });
}
const messageOf = (response: Response, key: "done" | "error") =>
  new URL(response.headers.get("location") ?? "", "http://hub").searchParams.get(key);

describe("the filtering checks pages", () => {
  const checks = `/sites/${site.siteId}/checks`;

  it("shows ICT the results grouped, a locked category's canary as the stand-in, and what was not tested", async () => {
    const text = await (await open("ict-admin", `${checks}/${site.runId}`)).text();
    expect(text).toContain("Group students");
    expect(text).toContain("locked list entry (Terrorist content) (site canary)");
    expect(text).not.toContain("secret-canary");
    expect(text).toContain("FAIL");
    expect(text).toContain("not tested: no list names");
    expect(text).toMatch(/failed \(1\)/);
    const dsl = await (await open("dsl", `${checks}/${site.runId}`)).text();
    expect(dsl).toContain("secret-canary.school.test (site canary)");
  });

  it("the site's page: the schedule in the site's zone, the runs, the latest results; the DSL links to the canaries", async () => {
    const ict = await (await open("ict-admin", checks)).text();
    expect(ict).toContain("Monday, Tuesday, Wednesday, Thursday, Friday at 10:00 (Europe/London)");
    expect(ict).toContain(`action="${checks}"`);
    expect(ict).toContain(`href="${checks}/${site.runId}"`);
    expect(ict).not.toContain("secret-canary");
    expect(ict).not.toContain(`${checks}/canaries`);
    const dsl = await (await open("dsl", checks)).text();
    expect(dsl).toContain(`${checks}/canaries`);
    expect(dsl).not.toContain('name="time"'); // the schedule is ICT's
    expect(dsl).toContain("secret-canary.school.test");
  });

  it("saves a schedule from days and a time; refuses one without a day", async () => {
    const saved = await open("ict-admin", `/sites/${site.siteId}/check-schedule`, {
      "day.2": "yes",
      "day.4": "yes",
      time: "13:45",
      enabled: "yes",
    });
    expect(messageOf(saved, "done")).toBe("Schedule saved.");
    expect(await (await open("ict-admin", checks)).text()).toContain("Tuesday, Thursday at 13:45 (Europe/London)");
    const none = await open("ict-admin", `/sites/${site.siteId}/check-schedule`, { time: "13:45", enabled: "yes" });
    expect(messageOf(none, "error")).toMatch(/invalid/);
  });

  it("runs a check now: one run per active agent, asked of the agent", async () => {
    const before = fx.hub.services.stores.filterChecks.open(site.agentId, 20).length;
    const done = await open("dsl", checks, {});
    expect(messageOf(done, "done")).toMatch(/^Asked 1 agent for a check/);
    expect(fx.hub.services.stores.filterChecks.open(site.agentId, 20)).toHaveLength(before + 1);
  });

  it("the canaries page: the DSL adds and removes; ICT and the board are refused", async () => {
    const page = `${checks}/canaries`;
    expect((await open("ict-admin", page)).status).toBe(403);
    expect((await open("board", page)).status).toBe(403);
    const added = await open("dsl", page, { category: "child-abuse", name: "New-Canary.School.Test" });
    expect(messageOf(added, "done")).toBe("Canary added.");
    const shown = await (await open("dsl", page)).text();
    expect(shown).toContain("new-canary.school.test");
    const id = fx.hub.services.stores.checkCanaries
      .ofSite(site.siteId)
      .find((k) => k.name === "new-canary.school.test")?.id;
    const removed = await open("dsl", `${page}/${id}/remove`, {});
    expect(messageOf(removed, "done")).toBe("Canary removed.");
    expect(await (await open("dsl", page)).text()).not.toContain("new-canary.school.test");
  });

  it("the overview lists the sites with their latest check", async () => {
    const text = await (await open("ict-admin", "/checks")).text();
    expect(text).toContain(`href="${checks}"`);
    expect(text).toContain(fx.b.siteName);
  });
});
