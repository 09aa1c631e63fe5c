import { checkItem } from "../../testing/check-hub.ts";
import { AnnualReviewStore } from "../annual-review-store.ts";
import { CheckCanaryStore } from "../check-canary-store.ts";
import { FilterCheckStore, type NewCheckRun } from "../filter-check-store.ts";
import type { HubDatabase } from "../hub-database.ts";
import { type NewReviewRequest, ReviewRequestStore } from "../review-request-store.ts";
import { AT, failure } from "./group-c-fixture.ts";

/**
 * The same calls on the annual review store of one database, signatures and the lock included:
 * what they answered, and how the refused changes failed (the triggers' messages).
 */
export function annualReviewScenario(db: HubDatabase) {
  const reviews = new AnnualReviewStore(db);
  const fields = { meetingOn: "2026-11-20", attendees: [{ name: "Dee", role: "dsl" as const }], decisions: "Keep" };
  const last = reviews.insert({ siteId: "school-a", year: 2025, createdBy: "dsl", at: AT, ...fields });
  const current = reviews.insert({ siteId: "school-a", year: 2026, createdBy: "dsl", at: AT, ...fields });
  const open = reviews.addAction({
    reviewId: last,
    carriedFrom: null,
    at: AT,
    what: "Audit",
    owner: "ICT",
    dueOn: null,
    status: "open",
  });
  const carried = reviews.addAction({
    reviewId: current,
    carriedFrom: open,
    at: AT,
    what: "Audit",
    owner: "ICT",
    dueOn: "2027-01-31",
    status: "open",
  });
  reviews.update(current, { ...fields, decisions: "Keep, and add a canary" }, "2026-12-08T09:00:00.000Z");
  reviews.updateAction(carried, { what: "Audit lists", owner: "ICT", dueOn: null, status: "done" }, AT);
  reviews.attachReport(current, 1, "ab".repeat(32), AT);
  const signatures = [
    reviews.sign(current, "dsl", "Dee", AT),
    reviews.sign(current, "dsl", "Dee again", AT),
    reviews.sign(current, "governor", "Gill", AT),
  ];
  const refusals = {
    duplicateYear: failure(() => reviews.insert({ siteId: "school-a", year: 2026, createdBy: "x", at: AT, ...fields })),
    editSigned: failure(() => reviews.update(current, fields, AT)),
    signAgain: failure(() => reviews.sign(current, "governor", "Gill", AT)),
    editSignedAction: failure(() =>
      reviews.updateAction(carried, { what: "x", owner: "y", dueOn: null, status: "open" }, AT),
    ),
    addToSigned: failure(() =>
      reviews.addAction({
        reviewId: current,
        carriedFrom: null,
        at: AT,
        what: "x",
        owner: "y",
        dueOn: null,
        status: "open",
      }),
    ),
    deleteAction: failure(() => db.prepare("DELETE FROM annual_review_actions WHERE id = ?").run(open)),
    deleteReview: failure(() => db.prepare("DELETE FROM annual_reviews WHERE id = ?").run(last)),
  };
  return {
    get: reviews.get("school-a", 2026),
    missing: reviews.get("school-a", 2020),
    ofSite: reviews.ofSite("school-a", 5),
    latestBefore: reviews.latestBefore("school-a", 2026),
    actions: reviews.actions(current),
    action: [reviews.action(open), reviews.action(9_999)],
    signatures,
    refusals,
    unsignedStillEditable: failure(() => reviews.update(last, fields, AT)),
  };
}

/** The same calls on the review request store of one database, erasure of a person's requests included. */
export function reviewRequestScenario(db: HubDatabase) {
  const requests = new ReviewRequestStore(db);
  const request = (name: string, more: Partial<NewReviewRequest> = {}): NewReviewRequest => ({
    ...{ siteId: "school-a", kind: "unblock", name, category: "games", reason: "lesson", contact: null },
    ...{ requestedAt: AT, requestedBy: null, fromAddress: "pseudonym-1", categorySource: "requester" },
    ...{ filterCategories: ["games", "social"] },
    ...more,
  });
  const anonymous = requests.insert(request("one.example", { contact: "  Ada Lovelace " }));
  const signedIn = requests.insert(
    request("two.example", { kind: "block", requestedBy: "ada@school.example (Teacher)" }),
  );
  const other = requests.insert(
    request("three.example", { requestedAt: "2026-12-07T11:00:00.000Z", categorySource: "filter" }),
  );
  requests.insert(request("four.example", { siteId: "school-b", contact: "ada lovelace" }));
  const approval = { decidedBy: "ict", decisionReason: "fine", scope: "site", policyVersion: 7, addedTo: ["students"] };
  const decisions = [
    requests.decide(anonymous, {
      status: "approved",
      decidedAt: "2026-12-07T10:30:00.000Z",
      until: "2026-12-08T10:00:00.000Z",
      ...approval,
    }),
    requests.decide(anonymous, { status: "refused", decidedAt: AT, until: null, ...approval }),
    requests.decide(other, {
      status: "refused",
      decidedAt: "2026-12-07T11:30:00.000Z",
      until: null,
      ...approval,
      addedTo: [],
    }),
  ];
  const keys = ["ADA LOVELACE", " ada@school.example ", ""];
  return {
    get: [requests.get(signedIn), requests.get(9_999)],
    ofSite: requests.ofSite("school-a", null, 10).map((r) => r.id),
    pending: requests.ofSite("school-a", "pending", 10),
    byRequester: requests.byRequester("ada@school.example (Teacher)", 5),
    between: requests.between("school-a", "2026-12-07T10:15:00.000Z", "2026-12-07T11:15:00.000Z").map((r) => r.id),
    decisions,
    due: requests.due("2026-12-08T10:00:00.000Z"),
    lifts: [requests.lift(anonymous, "2026-12-08T10:00:00.000Z", 8), requests.lift(anonymous, AT, 9)],
    naming: requests.naming("school-a", keys),
    erased: requests.eraseNaming("school-a", keys),
    afterErasure: requests.ofSite("school-a", null, 10),
    purged: requests.purgeDecidedBefore("2026-12-07T11:00:00.000Z"),
    left: requests.ofSite("school-a", null, 10).map((r) => r.id),
  };
}

/** The same calls on the filtering check and canary stores of one database. */
export function checksScenario(db: HubDatabase) {
  const checks = new FilterCheckStore(db);
  const canaries = new CheckCanaryStore(db);
  const run = (id: string, more: Partial<NewCheckRun> = {}): NewCheckRun => ({
    ...{ id, siteId: "school-a", agentId: "school-a-gw", trigger: "schedule", slot: `slot-${id}` },
    ...{ requestedBy: null, requestedAt: AT },
    ...more,
  });
  const inserted = [
    checks.insert(run("r1", { slot: "2026-12-07T10:00:00.000Z" })),
    checks.insert(run("r2", { slot: "2026-12-07T10:00:00.000Z" })),
    checks.insert(run("r3", { trigger: "demand", slot: null, requestedBy: "ict" })),
    checks.insert(run("r4", { requestedAt: "2026-12-07T07:00:00.000Z" })),
  ];
  const items = [checkItem({ pass: false, outcome: "resolved" })];
  const untested = [{ group: "students", category: "gambling", why: "no-canary" as const }];
  const answer = { status: "failed" as const, finishedAt: AT, listsVersion: "v1", items, untested, failedCount: 1 };
  const added = canaries.add({
    siteId: "school-a",
    category: "adult",
    name: "canary.example",
    addedBy: "ict",
    addedAt: AT,
  });
  canaries.add({ siteId: "school-a", category: "adult", name: "another.example", addedBy: "ict", addedAt: AT });
  const scheduleBefore = canaries.schedule("school-a");
  const markSent = () => {
    checks.setAlertStatus("r1", "sent");
    return checks.get("r1")?.alertStatus;
  };
  canaries.setSchedule("school-a", { days: [1, 3], time: "09:30", enabled: false }, "ict", AT);
  canaries.setSchedule("school-a", { days: [2], time: "11:00", enabled: true }, "ict", AT);
  return {
    inserted,
    answers: [checks.answer("r1", answer), checks.answer("r1", { ...answer, status: "passed" })],
    open: checks.open("school-a-gw", 10),
    expired: checks.expire("2026-12-07T09:00:00.000Z", "2026-12-07T10:05:00.000Z"),
    get: [checks.get("r4"), checks.get("nope")],
    firstPage: checks.ofSite("school-a", 2).map((r) => r.id),
    nextPage: checks.ofSite("school-a", 2, { requestedAt: AT, id: "r2" }).map((r) => r.id),
    between: checks.between("school-a", "2026-12-07T08:00:00.000Z", "2026-12-07T11:00:00.000Z").map((r) => r.id),
    alertsDue: checks.alertsDue(),
    claims: [checks.claimAlert("r1"), checks.claimAlert("r1")],
    alert: markSent(),
    purged: checks.purgeBefore("2026-12-07T08:00:00.000Z"),
    canaries: canaries.ofSite("school-a"),
    canary: [canaries.get(added ?? 0), canaries.get(9_999)],
    duplicateCanary: canaries.add({
      siteId: "school-a",
      category: "adult",
      name: "canary.example",
      addedBy: "x",
      addedAt: AT,
    }),
    countIn: [canaries.countIn("school-a", "adult"), canaries.countIn("school-a", "gambling")],
    removed: [canaries.remove(added ?? 0), canaries.remove(added ?? 0)],
    schedules: [scheduleBefore, canaries.schedule("school-a")],
  };
}
