import { sitePolicySchema } from "@fenceline/shared/policy";
import { pino } from "pino";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "./test-stores.ts";

/** 09:30 UTC on 1 July: 10:30 BST in London and 11:30 CEST in Berlin. */
export const JULY = new Date("2026-07-01T09:30:00Z");

/** For tests: a hub whose clock stands at JULY, with school-a in London and school-b in Berlin, each with a policy saved then. */
export function twoZoneHub() {
  const hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }), now: () => JULY });
  for (const [id, zone] of [
    ["school-a", "Europe/London"],
    ["school-b", "Europe/Berlin"],
  ] as const) {
    hub.services.enrolment.createSite(id, id);
    const policy = sitePolicySchema.parse({
      timezone: zone,
      defaultGroup: "students",
      groups: [{ id: "students", kind: "student", cidrs: [] }],
    });
    hub.services.policies.save(id, policy, "ict@school.test", "first policy");
  }
  return hub;
}
