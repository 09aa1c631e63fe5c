import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { SYSTEM_ACTOR } from "./access.ts";

const DAY = 86_400_000;
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: null };
const teacher: Actor = { userId: "u-t", email: "m.rowe@school.test", role: "staff", sites: ["school-a"] };

/** A hub over a real SQLite file with a policy, a pupil and a teacher in the directory, and a clock to move. */
function hubWithPeople() {
  let now = new Date("2026-01-05T09:00:00Z");
  const { stores } = openTempStores();
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  hub.services.enrolment.createSite("school-a", "Hillside School");
  hub.actions.policy.replace(SYSTEM_ACTOR, {
    siteId: "school-a",
    policy: { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: ["10.1.0.0/16"] }] },
    reason: "the first policy",
  });
  const pupil = hub.actions.people.create(dsl, {
    siteId: "school-a",
    person: { displayName: "Ada Lovelace", username: "alovelace" },
  });
  const staff = hub.actions.people.create(dsl, {
    siteId: "school-a",
    person: { displayName: "Mary Rowe", username: "M.Rowe@school.test", kind: "staff" },
  });
  const ask = (name: string, contact: string) =>
    hub.actions.reviewRequests.requestFromForm({
      ...{ siteId: "school-a", name, category: "games", reason: "my homework on Ada", contact },
      clientAddress: `10.1.0.${name.length}`,
    });
  return { hub, stores, pupil, staff, ask, at: (ms: number) => (now = new Date(ms)), now: () => now };
}

describe("review requests under the data-protection rules", () => {
  it("retention deletes requests decided more than a year ago; the policy change keeps the request's id", () => {
    const { hub, ask, at, now } = hubWithPeople();
    const approved = ask("games.example", "ada lovelace ");
    const refused = ask("chat.example", "");
    const pending = ask("video.example", "");
    hub.actions.reviewRequests.approve(ict, {
      ...{ siteId: "school-a", requestId: approved.id, scope: "site", minutes: 60, reason: "for the lesson" },
    });
    hub.actions.reviewRequests.refuse(ict, { siteId: "school-a", requestId: refused.id, reason: "not for school" });
    const decidedAt = now().getTime();
    at(decidedAt + 2 * 3_600_000);
    hub.services.reviewRequests.liftEnded();
    at(decidedAt + 364 * DAY);
    expect(hub.actions.retention.run(SYSTEM_ACTOR).reviewRequests).toBe(0);
    at(decidedAt + 366 * DAY);
    expect(hub.actions.retention.run(SYSTEM_ACTOR).reviewRequests).toBe(2);
    expect(hub.services.reviewRequests.get(approved.id)).toBeUndefined();
    expect(hub.services.reviewRequests.get(refused.id)).toBeUndefined();
    expect(hub.services.reviewRequests.get(pending.id)?.status).toBe("pending");
    const reasons = hub.services.policies.changes("school-a").map((c) => c.reason);
    expect(reasons.filter((r) => r.startsWith(`review request #${approved.id}`))).toHaveLength(2);
  });

  it("the person's subject access export holds the requests naming them by contact or by the reporter's email", () => {
    const { hub, pupil, staff, ask } = hubWithPeople();
    const byContact = ask("games.example", "  ADA LOVELACE");
    const byUsername = ask("maths.example", "alovelace");
    ask("other.example", "Ada");
    const report = hub.actions.reviewRequests.reportGotThrough(teacher, {
      ...{ siteId: "school-a", name: "proxy.example", reason: "pupils use it to get round the filter" },
    });
    const ids = (personId: number) =>
      hub.actions.retention.exportPerson(dsl, { siteId: "school-a", personId }).reviewRequests.map((r) => r.id);
    expect(ids(pupil.id)).toEqual([byContact.id, byUsername.id]);
    expect(ids(staff.id)).toEqual([report.id]);
    const audited = hub.services.audit.page(0, 10, "subject-access.person-exported");
    expect(audited.map((entry) => entry.detail)).toMatchObject([{ reviewRequests: 2 }, { reviewRequests: 1 }]);
  });

  it("erasing the person writes over their requests' contact, reason and reporter, and keeps the decision", () => {
    const { hub, stores, pupil, staff, ask } = hubWithPeople();
    const theirs = ask("games.example", "Ada Lovelace");
    const someoneElses = ask("other.example", "Grace Hopper");
    hub.actions.reviewRequests.refuse(ict, { siteId: "school-a", requestId: theirs.id, reason: "not for school" });
    const report = hub.actions.reviewRequests.reportGotThrough(teacher, {
      ...{ siteId: "school-a", name: "proxy.example", reason: "pupils use it" },
    });
    expect(hub.actions.retention.erasePerson(dsl, { siteId: "school-a", personId: pupil.id })).toMatchObject({
      reviewRequestsErased: 1,
    });
    expect(stores.reviewRequests.get(theirs.id)).toMatchObject({
      ...{ contact: "erased", reason: "erased", fromAddress: null, name: "games.example", category: "games" },
      ...{ status: "refused", decisionReason: "not for school", decidedBy: expect.stringContaining("ict@") },
    });
    expect(stores.reviewRequests.get(someoneElses.id)?.contact).toBe("Grace Hopper");
    hub.actions.retention.erasePerson(dsl, { siteId: "school-a", personId: staff.id });
    expect(stores.reviewRequests.get(report.id)).toMatchObject({
      requestedBy: "erased",
      reason: "erased",
      kind: "block",
    });
  });
});
