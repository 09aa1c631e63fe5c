import { CANARIES_PER_CATEGORY_MAX } from "@fenceline/shared/checks";
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "../domain/roles.ts";
import { checkHub, checkItem, checkResult } from "../testing/check-hub.ts";

const as = (role: Role, sites: string[] | null = null): Actor => ({
  userId: `${role}-1`,
  email: `${role}@x.test`,
  role,
  sites,
});

async function answeredHub() {
  const fx = await checkHub();
  const [run] = fx.hub.services.filterChecks.requestNow("school-a", "someone").filter((r) => r.agentId === fx.a1.id);
  const canary = checkItem({ category: "child-abuse", name: "secret-canary.test", canary: true, outcome: "resolved" });
  fx.hub.services.filterChecks.record(fx.a1, run?.id ?? "", checkResult([canary, checkItem()]));
  return { ...fx, runId: run?.id ?? "" };
}

describe("filtering check actions: what each role sees", () => {
  it("shows locked-category names to the DSL roles only; ICT reads the stand-in", async () => {
    const { hub, runId } = await answeredHub();
    const checks = hub.actions.filterChecks;
    const ict = checks.get(as("ict-admin"), { siteId: "school-a", runId });
    expect(ict.items[0]?.name).toBe("locked list entry (Child sexual abuse material)");
    expect(ict.items[1]?.name).toBe("adult.example");
    expect(JSON.stringify(checks.latest(as("ict-admin"), { siteId: "school-a" }))).not.toContain("secret-canary");
    expect(checks.get(as("dsl"), { siteId: "school-a", runId }).items[0]?.name).toBe("secret-canary.test");
    expect(checks.get(as("deputy-dsl"), { siteId: "school-a", runId }).items[0]?.name).toBe("secret-canary.test");
  });

  it("a user of another site is told the run does not exist; the board and auditors may not read runs", async () => {
    const { hub, runId } = await answeredHub();
    const checks = hub.actions.filterChecks;
    expect(() => checks.get(as("ict-admin", ["school-b"]), { siteId: "school-a", runId })).toThrow(/no site/);
    expect(() => checks.get(as("ict-admin", ["school-b"]), { siteId: "school-b", runId })).toThrow(/no such check run/);
    for (const role of ["board", "auditor", "staff"] as const)
      expect(() => checks.list(as(role), { siteId: "school-a" })).toThrow(/checks:read/);
  });

  it("pages the runs newest first", async () => {
    const { hub, clock } = await checkHub();
    for (let i = 0; i < 3; i++) {
      hub.services.filterChecks.requestNow("school-a", "someone");
      clock.now = new Date(clock.now.getTime() + 60_000);
    }
    // Pages of three split the two runs asked together at 09:01: none is lost or shown twice.
    const list = (after?: string) =>
      hub.actions.filterChecks.list(as("ict-admin"), { siteId: "school-a", limit: 3, ...(after ? { after } : {}) });
    const first = list();
    const rest = list(first.next ?? "");
    expect(rest.next).toBeNull();
    const all = [...first.runs, ...rest.runs];
    expect(new Set(all.map((r) => r.id)).size).toBe(6);
    expect(all.map((r) => r.requestedAt)).toEqual([...all.map((r) => r.requestedAt)].sort().reverse());
    expect(() => list("garbage!")).toThrow(/paging cursor/);
  });

  it("audits a run asked for, and a schedule set", async () => {
    const { hub } = await checkHub();
    hub.actions.filterChecks.requestNow(as("dsl"), { siteId: "school-a" });
    hub.actions.filterChecks.setSchedule(as("ict-admin"), {
      siteId: "school-a",
      days: [5, 1],
      time: "11:15",
      enabled: true,
    });
    const entries = hub.services.audit.page(0, 50, "filter-check.");
    expect(entries.map((e) => e.action)).toEqual(["filter-check.requested", "filter-check.schedule-set"]);
    expect(hub.actions.filterChecks.schedule(as("dsl"), { siteId: "school-a" })).toMatchObject({
      days: [1, 5],
      time: "11:15",
      zone: "Europe/London",
    });
    expect(() =>
      hub.actions.filterChecks.setSchedule(as("dsl"), { siteId: "school-a", days: [1], time: "10:00", enabled: true }),
    ).toThrow(/checks:schedule/);
  });
});

describe("canaries: the DSL roles' test names for the locked categories", () => {
  it("are refused to ICT, the board and auditors", async () => {
    const { hub } = await checkHub();
    for (const role of ["ict-admin", "board", "auditor", "staff"] as const) {
      const canary = { siteId: "school-a", category: "child-abuse", name: "c.test" };
      expect(() => hub.actions.filterChecks.addCanary(as(role), canary)).toThrow(/checks:canaries/);
      expect(() => hub.actions.filterChecks.canaries(as(role), { siteId: "school-a" })).toThrow(/checks:canaries/);
    }
  });

  it("are host names in a locked category, normalised, once each, at most ten a category; audited without the name", async () => {
    const { hub } = await checkHub();
    const checks = hub.actions.filterChecks;
    const add = (category: string, name: string) => checks.addCanary(as("dsl"), { siteId: "school-a", category, name });
    expect(() => add("adult", "a.test")).toThrow(/locked categories only/);
    expect(() => add("terrorism", "not a name")).toThrow(/not a host name/);
    const added = add("terrorism", "Canary-0.Example.");
    expect(added).toMatchObject({ category: "terrorism", name: "canary-0.example" });
    expect(() => add("terrorism", "canary-0.example")).toThrow(/already/);
    for (let i = 1; i < CANARIES_PER_CATEGORY_MAX; i++) add("terrorism", `canary-${i}.example`);
    expect(() => add("terrorism", "one-too-many.example")).toThrow(/at most 10/);
    checks.removeCanary(as("deputy-dsl"), { siteId: "school-a", canaryId: String(added?.id) });
    expect(checks.canaries(as("dsl"), { siteId: "school-a" })).toHaveLength(CANARIES_PER_CATEGORY_MAX - 1);
    expect(() => checks.removeCanary(as("dsl"), { siteId: "school-b", canaryId: String(added?.id) })).toThrow(
      /no canary/,
    );
    const audit = hub.services.audit.page(0, 50, "check-canary.");
    expect(audit.map((e) => e.action)).toContain("check-canary.removed");
    expect(JSON.stringify(audit)).not.toContain("canary-0.example");
    expect(audit[0]).toMatchObject({
      target: `check canary ${added?.id}`,
      site: "school-a",
      detail: { category: "terrorism" },
    });
  });
});
