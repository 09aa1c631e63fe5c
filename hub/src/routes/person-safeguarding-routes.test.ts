import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { grantToken } from "../testing/grant-token.ts";
import { identityRows } from "../testing/identity-rows.ts";
import { wireEvent } from "../testing/wire-event.ts";

const T0 = Date.parse("2026-12-07T10:00:00Z"); // a Monday, 10:00 in London
const DSL = "fl_dsl-token-for-person-routes";
const ICT = "fl_ict-token-for-person-routes";
const DSL_OF_B = "fl_dsl-of-b-token-for-person-routes";

/** A hub on a clock the test moves, school-a and school-b, a pupil at each, an incident at school-a. */
function setup() {
  const { stores, file } = openTempStores();
  let now = new Date(T0);
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  hub.services.alerts.notify = () => {};
  for (const id of ["school-a", "school-b"]) hub.actions.sites.create(SYSTEM_ACTOR, { id, name: id });
  const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", cidrs: ["10.0.0.0/8"] }] };
  hub.actions.policy.replace(SYSTEM_ACTOR, { siteId: "school-a", policy, reason: "the first policy" });
  grantToken(stores, DSL, "dsl");
  grantToken(stores, ICT, "ict-admin");
  grantToken(stores, DSL_OF_B, "dsl", ["school-b"]);
  const rows = identityRows(file);
  const pupil = rows.person("school-a", { displayName: "Pat Pupil", username: "pat" });
  const other = rows.person("school-b", { displayName: "Bo Other", username: "bo" });
  rows.close();
  const { token } = hub.actions.sites.issueEnrolmentToken(SYSTEM_ACTOR, { siteId: "school-a" });
  const agent = hub.actions.agents.enrol({ token, name: "gw" });
  hub.actions.agents.sendEvents(
    { id: agent.agentId, siteId: "school-a" },
    { schemaVersion: 3, events: [wireEvent({ time: T0, user: "pat", categories: ["self-harm"] })] },
  );
  const incidentId = Number(hub.actions.incidents.list(SYSTEM_ACTOR)[0]?.id);
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    hub.app.request(path, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const audits = (prefix: string) => stores.audit.page(0, 100, prefix).map((e) => e.action);
  return { hub, stores, pupil, other, incidentId, call, advance, audits };
}

const watchPath = (person: number, site = "school-a") => `/api/sites/${site}/people/${person}/watch`;
const sanctionsPath = (person: number, site = "school-a") => `/api/sites/${site}/people/${person}/sanctions`;
const errorOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error;

describe("the watch flag over HTTP", () => {
  it("is set, changed and ended by the DSL, audited each time", async () => {
    const { call, pupil, stores, audits } = setup();
    const set = await call("PUT", watchPath(pupil), DSL, {
      reason: "searches about self-harm",
      reviewOn: "2026-12-14",
    });
    expect(set.status).toBe(200);
    expect(stores.personWatch.get(pupil)).toMatchObject({ reason: "searches about self-harm", reviewOn: "2026-12-14" });
    await call("PUT", watchPath(pupil), DSL, { reason: "still worried", reviewOn: "2027-01-04" });
    expect(stores.personWatch.get(pupil)?.reviewOn).toBe("2027-01-04");
    expect((await call("DELETE", watchPath(pupil), DSL)).status).toBe(204);
    expect(stores.personWatch.get(pupil)).toBeUndefined();
    expect((await call("DELETE", watchPath(pupil), DSL)).status).toBe(204);
    expect(audits("person.watch")).toEqual(["person.watch-set", "person.watch-changed", "person.watch-ended"]);
  });

  it.each([
    ["no credentials", null, 401],
    ["ICT (no people:safeguard)", ICT, 403],
    ["a DSL of school-b only", DSL_OF_B, 404],
  ])("refuses %s", async (_name, token, status) => {
    const { call, pupil, stores } = setup();
    const response = await call("PUT", watchPath(pupil), token, { reason: "x", reviewOn: "2026-12-14" });
    expect(response.status).toBe(status);
    expect(stores.personWatch.get(pupil)).toBeUndefined();
  });

  it.each([
    ["a date that does not exist", { reason: "x", reviewOn: "2026-02-30" }],
    ["a date and time", { reason: "x", reviewOn: "2026-12-14T10:00" }],
    ["a review date in the past", { reason: "x", reviewOn: "2026-12-06" }],
    ["a review date years ahead", { reason: "x", reviewOn: "2030-01-01" }],
    ["an empty reason", { reason: "   ", reviewOn: "2026-12-14" }],
    ["a reason of 1,001 characters", { reason: "x".repeat(1001), reviewOn: "2026-12-14" }],
    ["an unknown field", { reason: "x", reviewOn: "2026-12-14", name: "Pat" }],
  ])("answers %s with 400 and stores nothing", async (_name, body) => {
    const { call, pupil, stores } = setup();
    const response = await call("PUT", watchPath(pupil), DSL, body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message.length).toBeGreaterThan(0);
    expect(stores.personWatch.get(pupil)).toBeUndefined();
  });

  it("does not find a person of another site, an unknown one, or one named by garbage", async () => {
    const { call, other } = setup();
    for (const path of [watchPath(other), watchPath(999_999), "/api/sites/school-a/people/x/watch", watchPath(-1)])
      expect((await call("PUT", path, DSL, { reason: "x", reviewOn: "2026-12-14" })).status).toBe(404);
  });
});

describe("garbage bodies to the person routes, as a DSL", () => {
  it.each(["[]", "null", '"x"', "{", "{}", '{"reason":{}}'])("%s: a 400, nothing stored", async (body) => {
    const { hub, pupil, stores } = setup();
    for (const [method, path] of [
      ["PUT", watchPath(pupil)],
      ["POST", sanctionsPath(pupil)],
    ] as const) {
      const response = await hub.app.request(path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${DSL}` },
        body,
      });
      expect(response.status).toBe(400);
    }
    expect(stores.personWatch.get(pupil)).toBeUndefined();
    expect(stores.sanctions.ofPerson(pupil)).toEqual([]);
  });
});

describe("sanctions over HTTP", () => {
  const body = { reason: "viewing harmful content again", endsAt: "2026-12-11T16:00", allow: ["Classroom.example"] };

  it("sets a sanction ending at a site-local time, recorded in the incident, the change log and the audit trail", async () => {
    const { call, pupil, incidentId, hub, stores, audits } = setup();
    const response = await call("POST", sanctionsPath(pupil), DSL, { ...body, incidentId });
    expect(response.status).toBe(201);
    const sanction = (await response.json()) as { id: number; endsAt: string; allow: string[] };
    expect(sanction.endsAt).toBe("2026-12-11T16:00:00.000Z"); // GMT in December
    expect(sanction.allow).toEqual(["classroom.example"]);
    const entry = stores.incidents.entries(incidentId).at(-1);
    expect(entry).toMatchObject({ kind: "action", body: { action: "sanction", sanctionId: sanction.id } });
    const [change] = hub.services.policies.changes("school-a", 1);
    expect(change?.reason).toMatch(
      new RegExp(`^sanction #${sanction.id} set for person #${pupil} until 2026-12-11 16:00 GMT`),
    );
    expect(change?.reason).not.toContain("harmful");
    expect(hub.services.policies.current("school-a")?.version).toBe(1);
    expect(audits("person.sanction")).toEqual(["person.sanction-set"]);
    const listed = await call("GET", sanctionsPath(pupil), DSL);
    expect(((await listed.json()) as { sanctions: { id: number }[] }).sanctions.map((s) => s.id)).toEqual([
      sanction.id,
    ]);
  });

  it.each([
    ["an end that is not a time", { ...body, endsAt: "next friday" }],
    ["an end in the past", { ...body, endsAt: "2026-12-07T09:59" }],
    ["an end months away", { ...body, endsAt: "2027-06-01T16:00" }],
    ["an impossible date", { ...body, endsAt: "2026-12-32T16:00" }],
    ["a reason of 1,001 characters", { ...body, reason: "x".repeat(1001) }],
    ["an allowed name with a space", { ...body, allow: ["not a host"] }],
    ["an allowed name that is a URL", { ...body, allow: ["https://classroom.example/"] }],
    ["an allowed name of 300 characters", { ...body, allow: [`${"a".repeat(296)}.com`] }],
    ["201 allowed names", { ...body, allow: Array.from({ length: 201 }, (_, i) => `n${i}.example`) }],
  ])("answers %s with 400 and sets nothing", async (_name, sent) => {
    const { call, pupil, stores } = setup();
    const response = await call("POST", sanctionsPath(pupil), DSL, sent);
    expect(response.status).toBe(400);
    expect(stores.sanctions.ofPerson(pupil)).toEqual([]);
  });

  it("refuses an incident of another site, a person of another site, ICT and strangers", async () => {
    const { call, pupil, other, stores } = setup();
    const otherSite = await call("POST", sanctionsPath(other, "school-b"), DSL, { ...body, incidentId: 1 });
    expect(otherSite.status).toBe(400);
    expect((await call("POST", sanctionsPath(other), DSL, body)).status).toBe(404);
    expect((await call("POST", sanctionsPath(pupil), DSL, { ...body, incidentId: 999 })).status).toBe(404);
    expect((await call("POST", sanctionsPath(pupil), ICT, body)).status).toBe(403);
    expect((await call("POST", sanctionsPath(pupil), null, body)).status).toBe(401);
    expect((await call("POST", sanctionsPath(pupil), DSL_OF_B, body)).status).toBe(404);
    expect((await call("GET", sanctionsPath(pupil), ICT)).status).toBe(403);
    expect(stores.sanctions.ofPerson(pupil)).toEqual([]);
    expect(stores.sanctions.ofPerson(other)).toEqual([]);
  });

  it("lifts early once; a second lift is a conflict; another person's sanction id is not found", async () => {
    const { call, pupil, other, incidentId, stores, audits } = setup();
    const { id } = (await (await call("POST", sanctionsPath(pupil), DSL, { ...body, incidentId })).json()) as {
      id: number;
    };
    expect((await call("DELETE", `${sanctionsPath(other, "school-b")}/${id}`, DSL)).status).toBe(404);
    const lifted = await call("DELETE", `${sanctionsPath(pupil)}/${id}`, DSL);
    expect(lifted.status).toBe(200);
    expect(((await lifted.json()) as { liftedBy: string }).liftedBy).toMatch(/^dsl/);
    expect((await call("DELETE", `${sanctionsPath(pupil)}/${id}`, DSL)).status).toBe(409);
    expect((await call("DELETE", `${sanctionsPath(pupil)}/abc`, DSL)).status).toBe(404);
    expect(stores.incidents.entries(incidentId).at(-1)?.body.detail).toBe(`Sanction #${id} lifted early.`);
    expect(audits("person.sanction")).toEqual(["person.sanction-set", "person.sanction-lifted"]);
  });

  it("the sweep records a sanction's end once, in the change log and the incident", async () => {
    const { call, pupil, incidentId, hub, stores, advance } = setup();
    const { id } = (await (await call("POST", sanctionsPath(pupil), DSL, { ...body, incidentId })).json()) as {
      id: number;
    };
    expect(hub.services.sanctions.liftEnded()).toBe(0);
    advance(5 * 86_400_000);
    expect(hub.services.sanctions.liftEnded()).toBe(1);
    expect(hub.services.sanctions.liftEnded()).toBe(0);
    expect(stores.sanctions.get(id)).toMatchObject({
      liftedAt: "2026-12-11T16:00:00.000Z",
      liftedBy: "system (sanction ended)",
    });
    const reasons = hub.services.policies.changes("school-a").map((c) => c.reason);
    expect(reasons.filter((r) => r === `sanction #${id} for person #${pupil} lifted (ended)`)).toHaveLength(1);
    const ends = stores.incidents
      .entries(incidentId)
      .filter((e) => e.body.detail === `Sanction #${id} lifted (ended).`);
    expect(ends).toHaveLength(1);
  });
});
