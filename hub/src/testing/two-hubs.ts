import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "./test-stores.ts";

/**
 * For tests: two hubs, as two processes would be, over one SQLite file (each with its own
 * connection and services), sharing a clock the test moves; site "school-a" with one agent.
 */
export function openTwoHubs(start = "2026-11-23T10:00:00Z") {
  const file = join(mkdtempSync(join(tmpdir(), "fenceline-two-hubs-")), "hub.sqlite");
  const clock = { now: new Date(start) };
  const open = () => {
    const hub = createHub({ stores: openTestStores(file), log: pino({ level: "silent" }), now: () => clock.now });
    hub.services.alerts.notify = () => {};
    return hub;
  };
  const a = open();
  const b = open();
  a.services.enrolment.createSite("school-a", "School A");
  const { token } = a.services.enrolment.issueEnrolmentToken("school-a");
  const { agentId } = a.services.enrolment.enrol(token, "gw");
  return {
    a,
    b,
    file,
    clock,
    agent: { id: agentId, siteId: "school-a" },
    close: () => {
      a.services.stores.close();
      b.services.stores.close();
    },
  };
}
