import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores, seedAgent, storedEvent } from "../store/temp-stores.ts";

const PASSWORD = "a long enough password";
const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: null };
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const teacher: Actor = { userId: "u-t", email: "teacher@school.test", role: "staff", sites: null };

const { stores } = openTempStores();
seedAgent(stores, "school-a");
const hub = createHub({ stores, log: pino({ level: "silent" }) });
await hub.services.users.create({ email: ict.email, name: "ICT", role: "ict-admin", sites: null, password: PASSWORD });
stores.events.insert(
  [
    // The latest look-up of a name decides its category; an older locked match still marks it locked.
    storedEvent({ id: "old-games", name: "forum.example", categories: ["games"], time: "2026-11-20T09:00:00.000Z" }),
    storedEvent({
      id: "self-harm",
      name: "forum.example",
      categories: ["self-harm"],
      time: "2026-11-23T09:00:00.000Z",
    }),
    storedEvent({ id: "locked", name: "mirror.example", categories: ["child-abuse"], locked: true, rule: "mirror" }),
    storedEvent({
      id: "locked-later",
      name: "mirror.example",
      categories: ["proxy"],
      time: "2026-11-24T09:00:00.000Z",
    }),
  ],
  "2026-11-24T10:00:00.000Z",
);
let address = 0;
const ask = (name: string, category: string) =>
  hub.actions.reviewRequests.requestFromForm({
    ...{ siteId: "school-a", name, category, reason: "for a lesson" },
    clientAddress: `10.1.0.${++address}`,
  });

describe("a request's category is checked against the lists", () => {
  it("takes the category of the name's latest look-up over the requester's, and says which it is", () => {
    const fromFilter = hub.services.reviewRequests.get(ask("forum.example", "games").id);
    expect(fromFilter).toMatchObject({
      ...{ category: "self-harm", categorySource: "filter", filterCategories: ["self-harm"] },
    });
    // The filter's category decides who decides: self-harm is the DSL's, whatever the requester picked.
    const refuse = { siteId: "school-a", requestId: fromFilter?.id as number, reason: "not appropriate" };
    expect(() => hub.actions.reviewRequests.refuse(ict, refuse)).toThrow(/people:safeguard/);
    const unseen = hub.services.reviewRequests.get(ask("never-looked-up.example", "games").id);
    expect(unseen).toMatchObject({ category: "games", categorySource: "requester", filterCategories: [] });
  });

  it("refuses to unblock a name with a locked match, whatever category the requester picked", () => {
    expect(() => ask("mirror.example", "games")).toThrow(/cannot be unblocked/);
    expect(() => ask("mirror.example", "")).toThrow(/cannot be unblocked/);
    expect(hub.actions.reviewRequests.list(ict, { siteId: "school-a" }).map((r) => r.name)).not.toContain(
      "mirror.example",
    );
  });

  it("a got-through report of a locked name is kept, with the name for the DSL roles only and no category for the reporter", () => {
    const made = hub.actions.reviewRequests.reportGotThrough(teacher, {
      ...{ siteId: "school-a", name: "mirror.example", reason: "a pupil reached a copy" },
    });
    expect(JSON.stringify(made)).not.toMatch(/proxy|child-abuse/);
    expect(JSON.stringify(hub.actions.reviewRequests.mine(teacher))).not.toMatch(/proxy|child-abuse/);
    const forIct = hub.actions.reviewRequests.list(ict, { siteId: "school-a" }).find((r) => r.id === made.id);
    expect(forIct?.name).toBe("locked list entry (Child sexual abuse material)");
    const forDsl = hub.actions.reviewRequests.list(dsl, { siteId: "school-a" }).find((r) => r.id === made.id);
    expect(forDsl?.name).toBe("mirror.example");
  });

  it("the queue page says where each category came from", async () => {
    const login = await hub.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: ict.email, password: PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") as string).split(";")[0] as string;
    const text = await (await hub.app.request("/sites/school-a/review-requests", { headers: { cookie } })).text();
    expect(text).toContain("self-harm (sensitive): category from the filter");
    expect(text).toContain("games: category the requester gave");
    expect(text).not.toContain("mirror.example");
  });
});
