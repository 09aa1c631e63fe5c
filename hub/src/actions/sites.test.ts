import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { CLI_ACTOR } from "./access.ts";

const ADMIN = "fl_sites-actions-admin-token-0123456789";
let hub: Hub;
let admin: Actor;
const audit = (prefix: string) => hub.services.audit.page(0, 100, prefix).map((e) => [e.actor, e.action, e.target]);

beforeEach(() => {
  const stores = openTestStores(":memory:");
  hub = createHub({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, ADMIN, "ict-admin");
  admin = hub.actions.account.tokenActor(ADMIN)?.actor as Actor;
});

describe("site actions: one use case, one audit record, whichever front end calls it", () => {
  it("creates a site through the API or the command line, audited once each as who did it", async () => {
    const response = await hub.app.request("/api/sites", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ id: "school-a", name: "School A" }),
    });
    expect(response.status).toBe(201);
    hub.actions.sites.create(CLI_ACTOR, { id: "school-b", name: "School B" });
    expect(audit("site.")).toEqual([
      [`${admin.email} (${admin.userId})`, "site.created", "school-a"],
      ["system:cli", "site.created", "school-b"],
    ]);
  });

  it("issues enrolment tokens and revokes agents only at the actor's sites, and audits only what happened", () => {
    hub.actions.sites.create(admin, { id: "school-a", name: "School A" });
    hub.actions.sites.create(admin, { id: "school-b", name: "School B" });
    const ofB: Actor = { ...admin, sites: ["school-b"] };
    expect(() => hub.actions.sites.issueEnrolmentToken(ofB, { siteId: "school-a" })).toThrow(/no site "school-a"/);
    const { token } = hub.actions.sites.issueEnrolmentToken(admin, { siteId: "school-a" });
    const { agentId } = hub.actions.agents.enrol({ token, name: "gw" });
    expect(() => hub.actions.sites.revokeAgent(ofB, { siteId: "school-a", agentId })).toThrow(/no site/);
    hub.actions.sites.revokeAgent(admin, { siteId: "school-a", agentId });
    expect(() => hub.actions.sites.revokeAgent(admin, { siteId: "school-a", agentId })).toThrow(/already revoked/);
    expect(audit("agent.").map(([, action, target]) => [action, target])).toEqual([
      ["agent.enrolment-token-issued", "school-a"],
      ["agent.revoked", agentId],
    ]);
    expect(hub.actions.sites.list(ofB).map((s) => s.id)).toEqual(["school-b"]);
  });

  it("refuses a role without the permission before doing anything", () => {
    const board: Actor = { userId: "b", email: "board@school.test", role: "board", sites: null };
    expect(() => hub.actions.sites.create(board, { id: "school-c", name: "C" })).toThrow(/fleet:manage/);
    expect(hub.actions.sites.list(admin)).toEqual([]);
    expect(audit("site.")).toEqual([]);
  });
});
