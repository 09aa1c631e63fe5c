import type { CheckItem, CheckResult } from "@fenceline/shared/checks";
import { pino } from "pino";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { createHub } from "../hub-app.ts";
import type { AlertMessage } from "../services/alert-sender.ts";
import { openTempStores } from "../store/temp-stores.ts";

/** An item of a check result, with any field replaced. */
export function checkItem(overrides: Partial<CheckItem> = {}): CheckItem {
  return {
    ...{ group: "students", kind: "category", category: "adult", name: "adult.example", canary: false },
    ...{ expected: "blocked", outcome: "blocked", pass: true },
    ...overrides,
  };
}

/** A check result holding `items`. */
export function checkResult(items: CheckItem[], untested: CheckResult["untested"] = []): CheckResult {
  const at = "2026-12-07T10:06:00.000Z";
  return { schemaVersion: 1, startedAt: at, finishedAt: at, listsVersion: "lists-42", items, untested };
}

/**
 * Test support for the filtering checks: a hub on a real SQLite file with a clock the test moves,
 * site school-a (Europe/London) with two agents and a revoked third, site school-b with one agent,
 * ICT admins of each site and a DSL, and every email the hub sends recorded instead of sent.
 */
export async function checkHub(start = "2026-12-07T09:00:00.000Z") {
  const { stores } = openTempStores();
  const clock = { now: new Date(start) };
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => clock.now });
  const { actions, services } = hub;
  const sent: { to: readonly string[]; message: AlertMessage }[] = [];
  services.sender.email = async (to, message) => {
    sent.push({ to, message });
  };
  const enrol = (siteId: string, name: string) => {
    const { token } = actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId });
    return actions.agents.enrol({ token, name });
  };
  actions.sites.create(SYSTEM_ACTOR, { id: "school-a", name: "Alpha Academy" });
  actions.sites.create(SYSTEM_ACTOR, { id: "school-b", name: "Beta Primary" });
  const agents = [enrol("school-a", "gw-1"), enrol("school-a", "gw-2"), enrol("school-b", "gw-b")];
  const revoked = enrol("school-a", "gw-old");
  actions.sites.revokeAgent(SYSTEM_ACTOR, { siteId: "school-a", agentId: revoked.agentId });
  const user = (email: string, role: "ict-admin" | "dsl", sites: string[] | null) =>
    services.users.create({ email, name: email, role, sites });
  await user("ict-a@school.test", "ict-admin", ["school-a"]);
  await user("ict-b@school.test", "ict-admin", ["school-b"]);
  await user("dsl@school.test", "dsl", null);
  const [a1, a2, b1] = agents.map((a) => ({ id: a.agentId, siteId: a.siteId, credential: a.credential })) as [
    { id: string; siteId: string; credential: string },
    { id: string; siteId: string; credential: string },
    { id: string; siteId: string; credential: string },
  ];
  return { hub, stores, clock, sent, a1, a2, b1, revokedId: revoked.agentId };
}
