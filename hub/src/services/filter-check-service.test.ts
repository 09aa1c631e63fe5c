import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { checkHub, checkItem, checkResult } from "../testing/check-hub.ts";

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe("filtering checks: scheduling", () => {
  it("asks each active agent once when the site's slot has passed (Monday 10:00 London), and not again", async () => {
    const { hub, clock, stores, a1, a2, b1, revokedId } = await checkHub("2026-12-07T09:55:00.000Z");
    const checks = hub.services.filterChecks;
    expect(checks.requestScheduled()).toBe(0);
    clock.now = at("2026-12-07T10:05:00.000Z");
    expect(checks.requestScheduled()).toBe(3);
    expect(stores.filterChecks.open(a1.id, 20)).toHaveLength(1);
    expect(stores.filterChecks.open(a2.id, 20)).toHaveLength(1);
    expect(stores.filterChecks.open(b1.id, 20)).toHaveLength(1);
    expect(stores.filterChecks.open(revokedId, 20)).toHaveLength(0);
    expect(stores.filterChecks.open(a1.id, 20)[0]).toMatchObject({
      trigger: "schedule",
      slot: "2026-12-07T10:00:00.000Z",
      requestedBy: null,
    });
    clock.now = at("2026-12-07T10:35:00.000Z");
    expect(checks.requestScheduled()).toBe(0);
    await checks.sweep();
    expect(stores.filterChecks.ofSite("school-a", 50)).toHaveLength(2);
  });

  it("asks for nothing on a day off the schedule, nor for a slot more than two hours old", async () => {
    const { hub, clock } = await checkHub("2026-12-06T10:05:00.000Z");
    expect(hub.services.filterChecks.requestScheduled()).toBe(0); // a Sunday
    clock.now = at("2026-12-07T12:01:00.000Z");
    expect(hub.services.filterChecks.requestScheduled()).toBe(0); // the hub was down all morning
  });

  it("reads the slot on the site's own clock: 10:00 in New York is 15:00 UTC", async () => {
    const { hub, clock, stores, b1 } = await checkHub("2026-12-07T10:05:00.000Z");
    const policy = {
      defaultGroup: "students",
      groups: [{ id: "students", kind: "student" }],
      timezone: "America/New_York",
    };
    hub.actions.policy.replace(SYSTEM_ACTOR, { siteId: "school-b", policy, reason: "the school is in New York" });
    hub.services.filterChecks.requestScheduled();
    expect(stores.filterChecks.open(b1.id, 20)).toHaveLength(0);
    clock.now = at("2026-12-07T15:01:00.000Z");
    hub.services.filterChecks.requestScheduled();
    expect(stores.filterChecks.open(b1.id, 20).map((r) => r.slot)).toEqual(["2026-12-07T15:00:00.000Z"]);
  });

  it("follows a schedule the site set, and none when it is off", async () => {
    const { hub, clock, stores, a1 } = await checkHub("2026-12-08T14:31:00.000Z");
    const ict = { userId: "u", email: "ict-a@school.test", role: "ict-admin" as const, sites: ["school-a"] };
    hub.actions.filterChecks.setSchedule(ict, { siteId: "school-a", days: [2], time: "14:30", enabled: false });
    hub.services.filterChecks.requestScheduled();
    expect(stores.filterChecks.open(a1.id, 20)).toHaveLength(0);
    hub.actions.filterChecks.setSchedule(ict, { siteId: "school-a", days: [2], time: "14:30", enabled: true });
    hub.services.filterChecks.requestScheduled();
    expect(stores.filterChecks.open(a1.id, 20)).toHaveLength(1);
    clock.now = at("2026-12-09T14:31:00.000Z"); // a Wednesday: not on the schedule
    expect(hub.services.filterChecks.requestScheduled()).toBe(0);
  });
});

describe("filtering checks: answers, misses and alerts", () => {
  it("a run unanswered two hours is missed, and an answer after that is refused", async () => {
    const { hub, clock, stores, a1 } = await checkHub();
    const [run] = hub.services.filterChecks.requestNow("school-a", "someone");
    clock.now = new Date(clock.now.getTime() + 119 * MINUTE);
    expect(hub.services.filterChecks.expire()).toBe(0);
    clock.now = new Date(clock.now.getTime() + 2 * MINUTE);
    expect(hub.services.filterChecks.expire()).toBe(2);
    expect(stores.filterChecks.get(run?.id ?? "")).toMatchObject({
      status: "missed",
      finishedAt: clock.now.toISOString(),
    });
    expect(() => hub.services.filterChecks.record(a1, run?.id ?? "", checkResult([checkItem()]))).toThrow(/missed/);
  });

  it("re-judges every item: a lying pass is a failure", async () => {
    const { hub, a1 } = await checkHub();
    const [run] = hub.services.filterChecks.requestNow("school-a", "someone").filter((r) => r.agentId === a1.id);
    const lying = checkItem({ outcome: "resolved", pass: true });
    const modest = checkItem({
      kind: "popular",
      category: null,
      expected: "not-blocked",
      outcome: "cached",
      pass: false,
    });
    const stored = hub.services.filterChecks.record(a1, run?.id ?? "", checkResult([lying, modest]));
    expect(stored).toMatchObject({ status: "failed", failedCount: 1, listsVersion: "lists-42" });
    expect(stored.items.map((i) => i.pass)).toEqual([false, true]);
  });

  it("emails the site's ICT admins once per failed run, without the names of locked categories", async () => {
    const { hub, sent, stores, a1 } = await checkHub();
    const [run] = hub.services.filterChecks.requestNow("school-a", "someone").filter((r) => r.agentId === a1.id);
    const canary = checkItem({ category: "terrorism", name: "secret-canary.test", canary: true, outcome: "resolved" });
    const safe = checkItem({
      kind: "safe-search",
      category: null,
      name: "www.search.test",
      expected: "rewritten",
      outcome: "resolved",
    });
    hub.services.filterChecks.record(a1, run?.id ?? "", checkResult([canary, safe, checkItem()]));
    expect(await hub.services.filterChecks.sweep()).toBe(1);
    expect(await hub.services.filterChecks.sweep()).toBe(0);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail?.to).toEqual(["ict-a@school.test"]);
    expect(mail?.message.subject).toBe("[Fenceline] Filtering check failed at Alpha Academy");
    expect(mail?.message.text).not.toContain("secret-canary");
    expect(mail?.message.text).toContain("site canary, locked list entry (Terrorist content)");
    expect(mail?.message.text).toContain("group students, safe-search: expected rewritten, got resolved");
    expect(mail?.message.text).toContain(`/sites/school-a/checks/${run?.id}`);
    expect(stores.filterChecks.get(run?.id ?? "")?.alertStatus).toBe("sent");
  });

  it("a passed run sends nothing", async () => {
    const { hub, sent, a1 } = await checkHub();
    const [run] = hub.services.filterChecks.requestNow("school-a", "someone").filter((r) => r.agentId === a1.id);
    hub.services.filterChecks.record(a1, run?.id ?? "", checkResult([checkItem()]));
    expect(await hub.services.filterChecks.sweep()).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it("retention keeps runs three years", async () => {
    const { hub, clock, stores } = await checkHub();
    hub.services.filterChecks.requestNow("school-a", "someone");
    clock.now = new Date(clock.now.getTime() + 3 * 365 * 86_400_000);
    expect(hub.actions.retention.run(SYSTEM_ACTOR).filterChecks).toBe(0);
    clock.now = new Date(clock.now.getTime() + 5 * 86_400_000);
    expect(hub.actions.retention.run(SYSTEM_ACTOR).filterChecks).toBe(2);
    expect(stores.filterChecks.ofSite("school-a", 10)).toHaveLength(0);
  });
});
