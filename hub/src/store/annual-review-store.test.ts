import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../testing/test-stores.ts";
import { reviewLocked } from "./annual-review-store.ts";
import { openTempStores } from "./temp-stores.ts";

const AT = "2026-07-10T10:00:00.000Z";

function setup() {
  const { stores, file } = openTempStores();
  stores.fleet.createSite("school-a", "A", "2026-01-01T00:00:00.000Z");
  const reviews = stores.annualReviews;
  const fields = {
    meetingOn: "2026-07-10",
    attendees: [{ name: "Dr Gov", role: "governor" as const }],
    decisions: "d",
  };
  const id = reviews.insert({ siteId: "school-a", year: 2026, createdBy: "dsl", at: AT, ...fields });
  const action = (status: "open" | "done") =>
    reviews.addAction({
      reviewId: id,
      what: `an ${status} action`,
      owner: "ICT",
      dueOn: null,
      status,
      carriedFrom: null,
      at: AT,
    });
  return { stores, reviews, id, action, raw: () => openTestDatabase(file) };
}

describe("the annual review store", () => {
  it("finds the latest record before a year at several sites at once, with their actions", () => {
    const { stores, reviews, id, action } = setup();
    stores.fleet.createSite("school-b", "B", "2026-01-01T00:00:00.000Z");
    stores.fleet.createSite("school-c", "C", "2026-01-01T00:00:00.000Z");
    const fields = { meetingOn: "2025-07-10", attendees: [], decisions: "d" };
    const older = reviews.insert({ siteId: "school-a", year: 2025, createdBy: "dsl", at: AT, ...fields });
    const b = reviews.insert({ siteId: "school-b", year: 2024, createdBy: "dsl", at: AT, ...fields });
    const open = action("open");
    const done = action("done");
    const latest = reviews.latestBeforeAtSites(["school-a", "school-b", "school-c"], 2027);
    expect([...latest].map(([site, review]) => [site, review.id, review.year]).sort()).toEqual([
      ["school-a", id, 2026],
      ["school-b", b, 2024],
    ]);
    expect(reviews.latestBeforeAtSites(["school-a"], 2026).get("school-a")?.id).toBe(older);
    const actions = reviews.actionsOfReviews([id, b, older]);
    expect(actions.get(id)?.map((a) => a.id)).toEqual([open, done]);
    expect(actions.has(b)).toBe(false);
    expect(reviews.actionsOfReviews([]).size).toBe(0);
  });

  it("keeps a record with its attendees, and finds the latest one before a year", () => {
    const { reviews } = setup();
    expect(reviews.get("school-a", 2026)).toMatchObject({
      attendees: [{ name: "Dr Gov", role: "governor" }],
      reportId: null,
    });
    expect(reviews.latestBefore("school-a", 2027)?.year).toBe(2026);
    expect(reviews.latestBefore("school-a", 2026)).toBeUndefined();
    expect(() =>
      reviews.insert({
        siteId: "school-a",
        year: 2026,
        createdBy: "x",
        at: AT,
        meetingOn: null,
        attendees: [],
        decisions: "",
      }),
    ).toThrow(/UNIQUE|unique constraint/);
  });

  it("records each signature once; with both, the triggers refuse every change to the record and its actions", () => {
    const { reviews, id, action, raw } = setup();
    const open = action("open");
    expect(reviews.sign(id, "dsl", "the DSL", AT)).toBe(true);
    expect(reviews.sign(id, "dsl", "someone else", AT)).toBe(false);
    // One signature alone does not lock the store: the action refuses edits (see actions/annual-reviews.ts).
    reviews.updateAction(open, { what: "changed", owner: "ICT", dueOn: null, status: "open" }, AT);
    expect(reviews.sign(id, "governor", "the governor", AT)).toBe(true);
    expect(reviewLocked(reviews.get("school-a", 2026) as never)).toBe(true);
    expect(() => reviews.update(id, { meetingOn: null, attendees: [], decisions: "" }, AT)).toThrow(
      /cannot be changed/,
    );
    expect(() => reviews.updateAction(open, { what: "x", owner: "y", dueOn: null, status: "done" }, AT)).toThrow(
      /cannot be changed/,
    );
    expect(() => action("open")).toThrow(/cannot be changed/);
    const db = raw();
    expect(() => db.prepare("DELETE FROM annual_review_actions").run()).toThrow(/cannot be deleted/);
    expect(() => db.prepare("DELETE FROM annual_reviews").run()).toThrow(/cannot be deleted/);
    db.close();
    expect(reviews.actions(id).map((a) => a.what)).toEqual(["changed"]);
  });
});
