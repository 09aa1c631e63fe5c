import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ReportDocument, ReportItem } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { SYSTEM_ACTOR } from "./access.ts";

const person = (role: Actor["role"]): Actor => ({
  userId: `u-${role}`,
  email: `${role}@school.test`,
  role,
  sites: null,
});
const ict = person("ict-admin");
const dsl = person("dsl");
const auditor = person("auditor");

let now = new Date("2026-11-17T09:00:00Z");
const { stores } = openTempStores();
const { services, actions } = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
services.enrolment.createSite("school-a", "Hillside School");
actions.policy.replace(SYSTEM_ACTOR, {
  siteId: "school-a",
  policy: {
    defaultGroup: "students",
    groups: [
      { id: "students", kind: "student", cidrs: ["10.1.0.0/16"] },
      { id: "staff", kind: "staff", cidrs: ["10.2.0.0/16"], allow: ["already.test"] },
    ],
  },
  reason: "the first policy",
});
const ask = (name: string, category: string, clientAddress = "10.1.0.5") =>
  actions.reviewRequests.requestFromForm({ siteId: "school-a", name, category, reason: "a lesson", clientAddress });
const groups = () =>
  (services.policies.current("school-a")?.policy as { groups: { id: string; allow: string[] }[] } | undefined)
    ?.groups ?? [];
const reasons = () => services.policies.changes("school-a").map((c) => c.reason);

describe("review requests", () => {
  it("refuses a locked category and a name that is not a host name; keeps the address only as a pseudonym", () => {
    expect(() => ask("csam.test", "child-abuse")).toThrow(/cannot be unblocked/);
    expect(() => ask("not a name", "games")).toThrow(/invalid/);
    const made = ask("Games.Example.", "games");
    const stored = services.reviewRequests.get(made.id);
    expect(stored).toMatchObject({ name: "games.example", category: "games", kind: "unblock", status: "pending" });
    expect(stored?.fromAddress).not.toContain("10.1.0.5");
    expect(ask("x.example", "no-such-category").id).toBeGreaterThan(made.id);
    expect(services.reviewRequests.get(made.id + 1)?.category).toBe("unknown");
  });

  it("approves for one group until the end, then the sweep takes it out again: both as policy changes", () => {
    const [games] = actions.reviewRequests
      .list(ict, { siteId: "school-a", status: "pending" })
      .filter((r) => r.name === "games.example");
    now = new Date("2026-11-17T11:00:00Z");
    expect(() =>
      actions.reviewRequests.approve(auditor, {
        siteId: "school-a",
        requestId: games?.id as number,
        scope: "students",
        minutes: 60,
        reason: "a lesson",
      }),
    ).toThrow(/permission/);
    const approved = actions.reviewRequests.approve(ict, {
      siteId: "school-a",
      requestId: games?.id as number,
      scope: "students",
      minutes: 120,
      reason: "for the lesson",
    });
    expect(approved).toMatchObject({
      status: "approved",
      scope: "students",
      until: "2026-11-17T13:00:00.000Z",
      decidedBy: expect.stringMatching(/^ict-admin@school.test/),
    });
    expect(groups().find((g) => g.id === "students")?.allow).toContain("games.example");
    expect(groups().find((g) => g.id === "staff")?.allow).not.toContain("games.example");
    expect(reasons()[0]).toBe(
      `review request #${games?.id} approved by ict-admin@school.test (u-ict-admin): allow games.example for group students until 2026-11-17 13:00 GMT`,
    );
    expect(services.reviewRequests.liftEnded()).toBe(0);
    now = new Date("2026-11-17T13:00:01Z");
    expect(services.reviewRequests.liftEnded()).toBe(1);
    expect(services.reviewRequests.liftEnded()).toBe(0);
    expect(groups().find((g) => g.id === "students")?.allow).not.toContain("games.example");
    expect(reasons()[0]).toBe(`review request #${games?.id}: allow of games.example for group students ended`);
  });

  it("a whole-site approval leaves a name a group held already when it ends", () => {
    const made = ask("already.test", "games");
    const approved = actions.reviewRequests.approve(ict, {
      siteId: "school-a",
      requestId: made.id,
      scope: "site",
      minutes: 1,
      reason: "for everyone",
    });
    expect(approved.addedTo).toEqual(["students"]);
    now = new Date(now.getTime() + 61_000);
    services.reviewRequests.liftEnded();
    expect(groups().find((g) => g.id === "staff")?.allow).toContain("already.test");
    expect(groups().find((g) => g.id === "students")?.allow).not.toContain("already.test");
  });

  it("a sensitive category is the DSL's to decide, and a decided request cannot be decided again", () => {
    const made = ask("support.example", "self-harm");
    const input = { siteId: "school-a", requestId: made.id, reason: "not appropriate" };
    expect(() => actions.reviewRequests.refuse(ict, input)).toThrow(/people:safeguard/);
    expect(actions.reviewRequests.refuse(dsl, input).status).toBe("refused");
    expect(() => actions.reviewRequests.refuse(dsl, input)).toThrow(/refused already/);
  });

  it("the weekly ICT report counts requests, decisions, time to decision and the over-block rate per category", () => {
    now = new Date("2026-11-24T10:00:00Z");
    const doc = actions.reports.generate(ict, { kind: "weekly-ict", from: "2026-11-16", to: "2026-11-23" })
      .body as ReportDocument;
    const items = doc.sections.flatMap((s) => s.items);
    const figure = (label: string) =>
      items.flatMap((i) => (i.kind === "figures" ? i.figures : [])).find((f) => f.label === label)?.value;
    expect(figure("Requests made")).toBe(4);
    expect(figure("Decided")).toBe(3);
    expect(figure("Approved")).toBe(2);
    expect(figure("Refused")).toBe(1);
    const table = items.find(
      (i): i is Extract<ReportItem, { kind: "table" }> => i.kind === "table" && i.title === "Requests by category",
    );
    const row = (name: string) => table?.rows.find((r) => String(r[0]).startsWith(name));
    expect(row("Online games")).toEqual(["Online games", 2, 0, 2, 0, 0, "100.0%"]);
    expect(row("Self-harm")?.slice(1)).toEqual([1, 0, 0, 1, 0, "0.0%"]);
    const section = doc.sections.find((s) => s.heading.startsWith("Unblock and"));
    expect(JSON.stringify(section)).not.toContain("games.example");
  });
});
